package io.ferstream.bench;

import io.ferstream.inference.batch.BatcherMetrics;
import java.util.concurrent.atomic.LongAdder;

/** Counts batches, items and model time of one batcher in the raw loop (thread-safe, cheap). */
final class CountingBatcherMetrics implements BatcherMetrics {

    private final LongAdder batches = new LongAdder();
    private final LongAdder items = new LongAdder();
    private final LongAdder inferenceNanos = new LongAdder();

    @Override
    public void batchCompleted(int size, long nanos) {
        batches.increment();
        items.add(size);
        inferenceNanos.add(nanos);
    }

    void reset() {
        batches.reset();
        items.reset();
        inferenceNanos.reset();
    }

    BatchStats stats() {
        return new BatchStats(batches.sum(), items.sum(), inferenceNanos.sum() / 1e6);
    }
}
