package io.ferstream.inference.batch;

/**
 * Hooks the batcher calls from its worker thread (keep them cheap). The Flink layer adapts them to
 * histograms and meters; the default does nothing. Items per second = sum of batch sizes over time.
 */
public interface BatcherMetrics {

    BatcherMetrics NOOP = new BatcherMetrics() {};

    /** A batch of {@code size} items ran its model call in {@code inferenceNanos}. */
    default void batchCompleted(int size, long inferenceNanos) {}

    /** A batch of {@code size} items failed; every one of its futures failed with {@code error}. */
    default void batchFailed(int size, Throwable error) {}

    /** One item waited {@code nanos} in the queue before its batch started. */
    default void queueWait(long nanos) {}

    /** A submission was refused because the queue was full. */
    default void rejected() {}

    /**
     * A waiting submission found the queue full and waited {@code nanos} for room: backpressure.
     * Called from the submitting thread.
     */
    default void submissionWaited(long nanos) {}
}
