package io.ferstream.ingest.gate;

import io.ferstream.schema.RejectReason;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.common.metrics.stats.CumulativeCount;
import org.apache.kafka.common.metrics.stats.Rate;
import org.apache.kafka.common.metrics.stats.WindowedCount;
import org.apache.kafka.streams.StreamsMetrics;

/**
 * The gate's counters, registered in Kafka Streams' metrics (so JMX and any metrics reporter see
 * them): group {@value #GROUP}, names {@code accepted-total}, {@code accepted-rate}, {@code
 * rejected-total}, {@code rejected-rate}; tags {@code task-id} and, for rejections, {@code reason}
 * (a reason code: never camera ids or payload, so cardinality stays bounded).
 */
final class GateMetrics implements AutoCloseable {

    static final String GROUP = "frame-gate-metrics";

    private final StreamsMetrics metrics;
    private final String taskId;
    private final Sensor accepted;
    private final Sensor untracked;
    private final Map<RejectReason, Sensor> rejected = new EnumMap<>(RejectReason.class);
    private final List<Sensor> all = new ArrayList<>();

    GateMetrics(StreamsMetrics metrics, String taskId) {
        this.metrics = metrics;
        this.taskId = taskId;
        this.accepted = sensor("accepted", Map.of(), "frames accepted");
        this.untracked =
                sensor("untracked-camera", Map.of(), "frames of cameras without a status entry");
        // Every reason from the start, at zero: a dashboard or an alert on a reason that has not
        // happened yet then reads 0 instead of nothing.
        for (RejectReason reason : RejectReason.values()) {
            rejectedSensor(reason);
        }
    }

    void recordAccepted() {
        accepted.record();
    }

    /** A camera seen while the status store was full: validated and forwarded, but untracked. */
    void recordUntrackedCamera() {
        untracked.record();
    }

    void recordRejected(RejectReason reason) {
        rejectedSensor(reason).record();
    }

    private Sensor rejectedSensor(RejectReason reason) {
        return rejected.computeIfAbsent(
                reason, r -> sensor("rejected", Map.of("reason", r.name()), "frames rejected"));
    }

    private Sensor sensor(String what, Map<String, String> extraTags, String description) {
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put("task-id", taskId);
        tags.putAll(extraTags);
        // Sensor names are global to the metrics registry: make them unique per task and tag set.
        Sensor sensor =
                metrics.addSensor(
                        "frame-gate." + taskId + "." + what + "." + extraTags.values(),
                        Sensor.RecordingLevel.INFO);
        sensor.add(
                new MetricName(what + "-total", GROUP, "Total " + description, tags),
                new CumulativeCount());
        sensor.add(
                new MetricName(what + "-rate", GROUP, description + " per second", tags),
                new Rate(new WindowedCount()));
        all.add(sensor);
        return sensor;
    }

    @Override
    public void close() {
        all.forEach(metrics::removeSensor);
        all.clear();
        rejected.clear();
    }
}
