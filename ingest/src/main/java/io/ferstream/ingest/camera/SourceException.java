package io.ferstream.ingest.camera;

/** A frame source could not be opened or read. Messages name the source without credentials. */
public class SourceException extends Exception {
    private static final long serialVersionUID = 1L;

    public SourceException(String message) {
        super(message);
    }

    public SourceException(String message, Throwable cause) {
        super(message, cause);
    }
}
