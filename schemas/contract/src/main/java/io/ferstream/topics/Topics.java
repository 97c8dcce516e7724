package io.ferstream.topics;

import java.util.HashMap;
import java.util.Map;

/**
 * The topics of FerStream and how they are created by default. Every name is configurable in the
 * components that use it; these are the defaults of ../shared/DESIGN.md.
 */
public final class Topics {

    /** What cameras produce, before the gate. Key: camera id; value: {@code CameraFrame}. */
    public static final String FRAMES_RAW = "frames.raw";

    /**
     * What the gate accepted. Key: camera id; value: {@code CameraFrame}. Partitions bound the
     * processor's parallelism.
     */
    public static final String FRAMES = "frames";

    /**
     * Dead letters of the gate and the processor. Key: camera id or null; value: {@code
     * FrameRejected}.
     */
    public static final String FRAMES_DLQ = "frames.dlq";

    /**
     * Expression events, written in Kafka transactions. Key: camera id; value: {@code
     * ExpressionEvent}.
     */
    public static final String EXPRESSION_EVENTS = "expression-events";

    /**
     * Per camera and minute of capture time, what its expression events add up to, written in Kafka
     * transactions. Key: camera id; value: {@code ExpressionSummary}.
     */
    public static final String EXPRESSION_SUMMARIES = "expression-summaries";

    /**
     * Per-camera status of the frame gate (JSON, compacted: latest status per camera). Key: camera
     * id.
     */
    public static final String CAMERA_STATUS = "frames.camera-status";

    /** Largest frame record accepted by default (bytes): a 4K JPEG at high quality fits. */
    public static final int MAX_FRAME_BYTES = 8 * 1024 * 1024;

    private Topics() {}

    /**
     * Topic-level configs for a frame topic: large records, short retention (frames are transient).
     */
    public static Map<String, String> frameTopicConfig(long retentionMs) {
        return Map.of(
                "max.message.bytes", Integer.toString(MAX_FRAME_BYTES + 64 * 1024),
                "retention.ms", Long.toString(retentionMs),
                "cleanup.policy", "delete");
    }

    /**
     * Topic-level configs for {@link #FRAMES_RAW}: those of a frame topic, with the broker stamping
     * each record with the time it was appended ({@code LogAppendTime}). That timestamp is when the
     * frame entered Kafka, whatever the camera's clock says; the gate keeps it on the frames it
     * forwards to {@link #FRAMES}, and freshness is decided against it (capture time against
     * entry), so a frame read again after a failure is judged as it was the first time.
     */
    public static Map<String, String> rawFrameTopicConfig(long retentionMs) {
        Map<String, String> config = new HashMap<>(frameTopicConfig(retentionMs));
        config.put("message.timestamp.type", "LogAppendTime");
        return Map.copyOf(config);
    }

    /** Topic-level configs for a compacted topic that keeps the latest value per key. */
    public static Map<String, String> compactedTopicConfig() {
        return Map.of("cleanup.policy", "compact");
    }

    /**
     * Topic-level configs for the dead-letter, event and summary topics: small records, kept a
     * week.
     */
    public static Map<String, String> eventTopicConfig() {
        return Map.of(
                "retention.ms", Long.toString(7L * 24 * 3600 * 1000), "cleanup.policy", "delete");
    }
}
