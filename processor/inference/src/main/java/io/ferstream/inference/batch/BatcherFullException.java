package io.ferstream.inference.batch;

/** The batcher's queue stayed full for the whole submit timeout: the caller should slow down. */
public class BatcherFullException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public BatcherFullException(String message) {
        super(message);
    }
}
