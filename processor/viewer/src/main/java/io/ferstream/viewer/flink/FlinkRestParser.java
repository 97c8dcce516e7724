package io.ferstream.viewer.flink;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads the parts of Flink's REST answers (Flink 2.x; stable since 1.13) that make a {@link
 * JobHealth}: plain functions of JSON, tested without a cluster.
 */
public final class FlinkRestParser {

    /** A vertex of the job graph: its id and name. */
    public record Vertex(String id, String name) {}

    /** A vertex's backpressure: its level and highest subtask ratio. */
    public record Backpressure(String level, double ratio) {}

    private FlinkRestParser() {}

    /**
     * The job to show from {@code GET /jobs/overview}: the one named {@code name} when given, else
     * any; a running job before others, then the most recently started. Null when there is none.
     */
    public static JsonNode pickJob(JsonNode overview, String name) {
        JsonNode best = null;
        for (JsonNode job : overview.path("jobs")) {
            if (name != null && !name.equals(job.path("name").asText())) {
                continue;
            }
            if (best == null || better(job, best)) {
                best = job;
            }
        }
        return best;
    }

    private static boolean better(JsonNode a, JsonNode b) {
        boolean aRunning = "RUNNING".equals(a.path("state").asText());
        boolean bRunning = "RUNNING".equals(b.path("state").asText());
        if (aRunning != bRunning) {
            return aRunning;
        }
        return a.path("start-time").asLong() > b.path("start-time").asLong();
    }

    /** The vertices of {@code GET /jobs/{id}}. */
    public static List<Vertex> vertices(JsonNode job) {
        List<Vertex> out = new ArrayList<>();
        for (JsonNode v : job.path("vertices")) {
            out.add(new Vertex(v.path("id").asText(), v.path("name").asText()));
        }
        return out;
    }

    /** {@code numRestarts} from {@code GET /jobs/{id}/metrics?get=numRestarts}, or -1. */
    public static long restarts(JsonNode metrics) {
        for (JsonNode m : metrics) {
            if ("numRestarts".equals(m.path("id").asText())) {
                try {
                    return (long) Double.parseDouble(m.path("value").asText());
                } catch (NumberFormatException e) {
                    return -1;
                }
            }
        }
        return -1;
    }

    /** {@code GET /jobs/{id}/vertices/{vid}/backpressure}: level and highest ratio. */
    public static Backpressure backpressure(JsonNode answer) {
        double ratio = 0;
        for (JsonNode s : answer.path("subtasks")) {
            ratio = Math.max(ratio, s.path("ratio").asDouble());
        }
        String level = answer.path("backpressureLevel").asText(null);
        return new Backpressure(level, ratio);
    }

    /** Order of backpressure levels, worst last; unknown levels count as ok. */
    public static int severity(String level) {
        return switch (level == null ? "" : level) {
            case "high" -> 2;
            case "low" -> 1;
            default -> 0;
        };
    }

    /**
     * The health of {@code job} from its answers.
     *
     * @param overviewEntry the job's entry in {@code /jobs/overview}
     * @param checkpoints {@code /jobs/{id}/checkpoints} (may be a missing node)
     * @param restarts from {@link #restarts}
     * @param backpressure each vertex's backpressure by vertex name
     */
    public static JobHealth health(
            JsonNode overviewEntry,
            JsonNode checkpoints,
            long restarts,
            Map<String, Backpressure> backpressure,
            long nowMs) {
        JsonNode counts = checkpoints.path("counts");
        JsonNode latest = checkpoints.path("latest").path("completed");
        String worst = null;
        String worstVertex = null;
        double worstRatio = -1;
        for (Map.Entry<String, Backpressure> e : backpressure.entrySet()) {
            Backpressure b = e.getValue();
            if (worst == null || severity(b.level()) > severity(worst)) {
                worst = b.level();
            }
            if (b.ratio() > worstRatio) {
                worstRatio = b.ratio();
                worstVertex = e.getKey();
            }
        }
        return new JobHealth(
                true,
                null,
                overviewEntry.path("jid").asText(null),
                overviewEntry.path("name").asText(null),
                overviewEntry.path("state").asText(null),
                restarts,
                counts.path("completed").asLong(),
                counts.path("failed").asLong(),
                latest.isObject() ? latest.path("id").asLong(-1) : -1,
                latest.isObject() ? latest.path("latest_ack_timestamp").asLong() : 0,
                latest.isObject() ? latest.path("end_to_end_duration").asLong(-1) : -1,
                worst,
                worstRatio > 0 ? worstVertex : null,
                nowMs);
    }
}
