package io.ferstream.inference.image;

/** Bytes that cannot become an image, with a reason code the pipeline maps to a dead letter. Never holds pixels. */
public class ImageDecodeException extends Exception {
    private static final long serialVersionUID = 1L;

    public enum Reason {
        /** Not an image, corrupt or truncated. */
        BAD_IMAGE,
        /** An image in a format this decoder does not accept. */
        UNSUPPORTED_FORMAT,
        /** Over the configured byte or pixel limits (refused before decoding). */
        IMAGE_TOO_LARGE,
        /** The header's dimensions differ from the dimensions the record declares. */
        DIMENSIONS_MISMATCH
    }

    private final Reason reason;

    public ImageDecodeException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public ImageDecodeException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
