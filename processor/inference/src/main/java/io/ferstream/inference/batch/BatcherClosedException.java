package io.ferstream.inference.batch;

/** The batcher is shut down: a new request is refused, or a pending one was failed at shutdown. */
public class BatcherClosedException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    public BatcherClosedException(String message) {
        super(message);
    }
}
