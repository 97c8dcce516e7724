package io.ferstream.ingest.gate;

import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;

/**
 * The gate's own counters ({@link GateMetrics}, group {@value GateMetrics#GROUP}) in Prometheus'
 * text format, for {@code GET /metrics} on the status port: {@code ferstream_gate_accepted_total},
 * {@code ferstream_gate_rejected_total{reason=...}}, {@code ferstream_gate_untracked_camera_total}
 * and their {@code _rate} gauges, summed over the instance's tasks (a task's counter goes when a
 * rebalance moves the task away, which Prometheus' {@code rate()} reads as a counter reset), plus
 * {@code ferstream_gate_cameras}, the cameras with a status entry on this instance. Labels are the
 * reason code only: no camera id ever becomes a label.
 */
final class GatePrometheus {

    private static final String PREFIX = "ferstream_gate_";

    private GatePrometheus() {}

    static String render(Map<MetricName, ? extends Metric> metrics, int cameras) {
        // name -> (labels -> value), sorted so the page is stable
        Map<String, Map<String, Double>> series = new TreeMap<>();
        for (Map.Entry<MetricName, ? extends Metric> entry : metrics.entrySet()) {
            MetricName name = entry.getKey();
            if (!GateMetrics.GROUP.equals(name.group())) {
                continue;
            }
            Object value = entry.getValue().metricValue();
            if (!(value instanceof Number number) || Double.isNaN(number.doubleValue())) {
                continue;
            }
            String reason = name.tags().get("reason");
            String labels = reason == null ? "" : "{reason=\"" + reason + "\"}";
            series.computeIfAbsent(PREFIX + name.name().replace('-', '_'), k -> new TreeMap<>())
                    .merge(labels, number.doubleValue(), Double::sum);
        }
        StringBuilder out = new StringBuilder();
        for (Map.Entry<String, Map<String, Double>> metric : series.entrySet()) {
            String type = metric.getKey().endsWith("_total") ? "counter" : "gauge";
            out.append("# TYPE ").append(metric.getKey()).append(' ').append(type).append('\n');
            metric.getValue()
                    .forEach(
                            (labels, value) ->
                                    out.append(metric.getKey())
                                            .append(labels)
                                            .append(' ')
                                            .append(value)
                                            .append('\n'));
        }
        out.append("# TYPE ").append(PREFIX).append("cameras gauge\n");
        out.append(PREFIX).append("cameras ").append(cameras).append('\n');
        return out.toString();
    }
}
