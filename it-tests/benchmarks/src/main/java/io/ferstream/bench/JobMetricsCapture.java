package io.ferstream.bench;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.Meter;
import org.apache.flink.metrics.Metric;
import org.apache.flink.metrics.MetricConfig;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.reporter.MetricReporter;

/**
 * A metric reporter that keeps the job's own face-analysis metrics (the batchers' batchSize
 * histograms and itemsPerSecond meters, the decodeMicros histogram) so the benchmark reads what the
 * job measured instead of estimating it. Keeps metrics after their job ends; {@link #clear} between
 * runs.
 */
final class JobMetricsCapture implements MetricReporter {

    private final Map<String, Metric> metrics = new ConcurrentHashMap<>();

    @Override
    public void open(MetricConfig config) {}

    @Override
    public void close() {}

    @Override
    public void notifyOfAddedMetric(Metric metric, String name, MetricGroup group) {
        if (name.equals("batchSize")
                || name.equals("itemsPerSecond")
                || name.equals("inferenceMicros")
                || name.equals("decodeMicros")) {
            metrics.put(group.getMetricIdentifier(name), metric);
        }
    }

    @Override
    public void notifyOfRemovedMetric(Metric metric, String name, MetricGroup group) {
        // kept on purpose: the benchmark reads them after the job finished
    }

    void clear() {
        metrics.clear();
    }

    /**
     * True once a batcher of {@code which} (detector/classifier) registered its metrics, i.e. the
     * models are open.
     */
    boolean analyzerOpen() {
        return metrics.keySet().stream().anyMatch(k -> k.endsWith(".inference.detector.batchSize"));
    }

    /**
     * Batches, items and model time of the detector or classifier batchers, summed over
     * TaskManagers.
     */
    BatchStats batcher(String which) {
        BatchStats total = BatchStats.NONE;
        String prefixEnd = ".inference." + which + ".";
        for (var e : metrics.entrySet()) {
            if (e.getKey().endsWith(prefixEnd + "batchSize")
                    && e.getValue() instanceof Histogram sizes) {
                String group = e.getKey().substring(0, e.getKey().length() - "batchSize".length());
                long items =
                        metrics.get(group + "itemsPerSecond") instanceof Meter m ? m.getCount() : 0;
                double modelMillis =
                        metrics.get(group + "inferenceMicros") instanceof Histogram t
                                ? t.getStatistics().getMean() * t.getCount() / 1000.0
                                : 0;
                total = total.plus(new BatchStats(sizes.getCount(), items, modelMillis));
            }
        }
        return total;
    }

    /** Frames decoded and their total decode time (ms), over every face-analysis subtask. */
    double[] decode() {
        long count = 0;
        double millis = 0;
        for (var e : metrics.entrySet()) {
            if (e.getKey().endsWith(".decodeMicros") && e.getValue() instanceof Histogram h) {
                count += h.getCount();
                millis += h.getStatistics().getMean() * h.getCount() / 1000.0;
            }
        }
        return new double[] {count, millis};
    }
}
