package io.ferstream.bench;

/**
 * What a batcher did during one measurement.
 *
 * @param modelMillis total time in model calls; from the Flink histogram this is the mean of the
 *     last 1024 batches times the batch count (exact when there were fewer batches)
 */
record BatchStats(long batches, long items, double modelMillis) {

    static final BatchStats NONE = new BatchStats(0, 0, 0);

    double meanBatch() {
        return batches == 0 ? Double.NaN : (double) items / batches;
    }

    BatchStats plus(BatchStats o) {
        return new BatchStats(batches + o.batches, items + o.items, modelMillis + o.modelMillis);
    }
}
