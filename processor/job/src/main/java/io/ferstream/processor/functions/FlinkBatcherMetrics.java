package io.ferstream.processor.functions;

import io.ferstream.inference.batch.BatcherMetrics;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.Meter;
import org.apache.flink.metrics.MeterView;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;

/**
 * Shows a batcher's hooks in Flink's metric system (web UI, Prometheus). Called from the batcher's
 * thread.
 */
final class FlinkBatcherMetrics implements BatcherMetrics {

    private final Histogram batchSize;
    private final Histogram inferenceMicros;
    private final Histogram queueWaitMicros;
    private final Meter items;
    private final Counter failedBatches;
    private final Counter rejected;
    private final Counter submissionsWaited;
    private final Histogram submissionWaitMicros;

    FlinkBatcherMetrics(MetricGroup group) {
        batchSize = group.histogram("batchSize", new DescriptiveStatisticsHistogram(1024));
        inferenceMicros =
                group.histogram("inferenceMicros", new DescriptiveStatisticsHistogram(1024));
        queueWaitMicros =
                group.histogram("queueWaitMicros", new DescriptiveStatisticsHistogram(1024));
        items = group.meter("itemsPerSecond", new MeterView(10));
        failedBatches = group.counter("failedBatches");
        rejected = group.counter("rejectedRequests");
        submissionsWaited = group.counter("submissionsWaited");
        submissionWaitMicros =
                group.histogram("submissionWaitMicros", new DescriptiveStatisticsHistogram(1024));
    }

    @Override
    public void batchCompleted(int size, long inferenceNanos) {
        batchSize.update(size);
        inferenceMicros.update(inferenceNanos / 1_000);
        items.markEvent(size);
    }

    @Override
    public void batchFailed(int size, Throwable error) {
        failedBatches.inc();
    }

    @Override
    public void queueWait(long nanos) {
        queueWaitMicros.update(nanos / 1_000);
    }

    @Override
    public void rejected() {
        rejected.inc();
    }

    @Override
    public void submissionWaited(long nanos) {
        submissionsWaited.inc();
        submissionWaitMicros.update(nanos / 1_000);
    }
}
