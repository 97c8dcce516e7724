package io.ferstream.viewer.model;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;

/**
 * A camera's status as the frame gate writes it to its compacted status topic (JSON; the gate's
 * {@code CameraStatus}). Read field by field and tolerantly: a gate newer than the viewer may add
 * fields, and the viewer does not depend on the gate's jar (it would bring Kafka Streams along).
 *
 * @param cameraId the camera
 * @param receivedFps records per second the gate received in its last complete window
 * @param acceptedFps frames per second it accepted
 * @param accepted frames accepted so far
 * @param rejected rejections so far by reason code
 * @param lastSeenMs gate wall clock of the camera's latest record
 * @param lastAcceptedSequence sequence of its latest accepted frame, or null
 */
public record GateStatus(
        String cameraId,
        double receivedFps,
        double acceptedFps,
        long accepted,
        Map<String, Long> rejected,
        long lastSeenMs,
        Long lastAcceptedSequence) {

    private static final ObjectMapper JSON =
            new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    /** Reasons shown per camera at most: the gate's reasons are an enum, this only guards. */
    private static final int MAX_REASONS = 32;

    public GateStatus {
        rejected = Map.copyOf(rejected == null ? Map.of() : rejected);
    }

    /**
     * Parses the gate's JSON.
     *
     * @throws IllegalArgumentException when it is not a status (no camera id, not an object)
     */
    public static GateStatus parse(byte[] json) {
        JsonNode node;
        try {
            node = JSON.readTree(json);
        } catch (IOException e) {
            throw new IllegalArgumentException("not JSON: " + e.getClass().getSimpleName(), e);
        }
        if (node == null || !node.isObject() || !node.path("cameraId").isTextual()) {
            throw new IllegalArgumentException("not a camera status: no cameraId");
        }
        Map<String, Long> rejected = new TreeMap<>();
        Iterator<Map.Entry<String, JsonNode>> reasons = node.path("rejected").fields();
        while (reasons.hasNext() && rejected.size() < MAX_REASONS) {
            Map.Entry<String, JsonNode> r = reasons.next();
            rejected.put(r.getKey(), r.getValue().asLong());
        }
        JsonNode sequence = node.path("lastAcceptedSequence");
        return new GateStatus(
                node.get("cameraId").asText(),
                node.path("receivedFps").asDouble(),
                node.path("acceptedFps").asDouble(),
                node.path("accepted").asLong(),
                rejected,
                node.path("lastSeenMs").asLong(),
                sequence.isNumber() ? sequence.asLong() : null);
    }

    public long rejectedTotal() {
        return rejected.values().stream().mapToLong(Long::longValue).sum();
    }
}
