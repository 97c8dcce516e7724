package io.ferstream.inference.batch;

import java.io.Serializable;
import java.time.Duration;

/**
 * Settings of one {@link DynamicBatcher}. Immutable and validated at construction.
 *
 * @param name names the worker thread and appears in errors and logs (e.g. the model name)
 * @param queueCapacity most requests waiting at once; memory stays bounded by it
 * @param maxBatch most items per model call
 * @param maxDelay longest time the oldest waiting request is held back to fill a batch
 * @param submitTimeout how long {@link DynamicBatcher#submit} blocks on a full queue before
 *     refusing
 */
public record BatcherConfig(
        String name, int queueCapacity, int maxBatch, Duration maxDelay, Duration submitTimeout)
        implements Serializable {

    public BatcherConfig {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException(
                    "name must be set (it names the batcher's worker thread)");
        }
        if (maxBatch < 1) {
            throw new IllegalArgumentException("maxBatch must be >= 1, got " + maxBatch);
        }
        if (queueCapacity < maxBatch) {
            throw new IllegalArgumentException(
                    "queueCapacity ("
                            + queueCapacity
                            + ") must be >= maxBatch ("
                            + maxBatch
                            + "), or batches could never fill");
        }
        if (maxDelay == null || maxDelay.isNegative()) {
            throw new IllegalArgumentException(
                    "maxDelay must be >= 0 (0 = run whatever is queued at once)");
        }
        if (submitTimeout == null || submitTimeout.isNegative()) {
            throw new IllegalArgumentException("submitTimeout must be >= 0");
        }
    }

    /** Defaults: queue of 4 batches, 2 ms delay, 1 s submit timeout. */
    public static BatcherConfig of(String name, int maxBatch) {
        return new BatcherConfig(
                name,
                Math.max(4 * maxBatch, 16),
                maxBatch,
                Duration.ofMillis(2),
                Duration.ofSeconds(1));
    }

    public BatcherConfig withQueueCapacity(int capacity) {
        return new BatcherConfig(name, capacity, maxBatch, maxDelay, submitTimeout);
    }

    public BatcherConfig withMaxDelay(Duration delay) {
        return new BatcherConfig(name, queueCapacity, maxBatch, delay, submitTimeout);
    }

    public BatcherConfig withSubmitTimeout(Duration timeout) {
        return new BatcherConfig(name, queueCapacity, maxBatch, maxDelay, timeout);
    }
}
