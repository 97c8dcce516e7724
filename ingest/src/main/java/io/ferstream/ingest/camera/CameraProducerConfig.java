package io.ferstream.ingest.camera;

import io.ferstream.config.Problems;
import io.ferstream.config.Secrets;
import io.ferstream.registry.RegistryConfig;
import java.time.Duration;
import java.util.Map;

/**
 * Everything a {@link CameraProducer} needs, validated once.
 *
 * @param cameraId camera id: the record key and the value's cameraId
 * @param source what to read
 * @param sourceOptions how to read it (capture start, offset, loop, stream timeouts)
 * @param targetFps keep frames at most this often by capture time; 0 keeps all
 * @param maxDimension longest side after resizing; 0 keeps the source size
 * @param jpegQuality 1..100
 * @param realtime files and images: pace frames at their own timeline speed; false = as fast as
 *     possible
 * @param bootstrapServers Kafka bootstrap servers
 * @param topic where frames go ({@code frames.raw})
 * @param registry schema registry
 * @param producerProperties extra Kafka producer properties (security, tuning), applied last
 * @param firstSequence sequence number of the first frame sent
 * @param maxReconnects live sources: consecutive failed reconnects before giving up; negative =
 *     unlimited
 * @param reconnectInitialDelay first reconnect delay, doubled per failure
 * @param reconnectMaxDelay cap of the reconnect delay
 * @param startupTimeout bound on the broker and registry checks at start
 * @param producerId written into each frame's source metadata
 */
public record CameraProducerConfig(
        String cameraId,
        SourceSpec source,
        SourceOptions sourceOptions,
        double targetFps,
        int maxDimension,
        int jpegQuality,
        boolean realtime,
        String bootstrapServers,
        String topic,
        RegistryConfig registry,
        Map<String, String> producerProperties,
        long firstSequence,
        int maxReconnects,
        Duration reconnectInitialDelay,
        Duration reconnectMaxDelay,
        Duration startupTimeout,
        String producerId) {

    public CameraProducerConfig {
        Problems problems = new Problems();
        problems.requireText(cameraId, "--camera-id", "the camera id, the record key");
        problems.require(source != null, "SOURCE", "required: what to read");
        problems.require(sourceOptions != null, "source options", "required");
        problems.require(
                Double.isFinite(targetFps) && targetFps >= 0,
                "--fps",
                "must be 0 (keep every frame) or positive, got " + targetFps);
        problems.require(
                maxDimension >= 0,
                "--max-dimension",
                "must be 0 (keep the size) or positive, got " + maxDimension);
        problems.require(
                jpegQuality >= 1 && jpegQuality <= 100,
                "--jpeg-quality",
                "must be within 1..100, got " + jpegQuality);
        problems.requireText(
                bootstrapServers, "--bootstrap-servers", "the Kafka bootstrap servers");
        problems.requireText(topic, "--topic", "the topic frames go to");
        problems.require(
                registry != null, "--registry-url", "required: the schema registry URL(s)");
        problems.require(
                firstSequence >= 0,
                "--first-sequence",
                "must not be negative, got " + firstSequence);
        problems.require(
                isPositive(reconnectInitialDelay),
                "--reconnect-delay",
                "must be more than 0, got " + reconnectInitialDelay);
        problems.require(
                reconnectMaxDelay != null
                        && reconnectInitialDelay != null
                        && reconnectMaxDelay.compareTo(reconnectInitialDelay) >= 0,
                "--reconnect-max-delay",
                "must be at least --reconnect-delay ("
                        + reconnectInitialDelay
                        + "), got "
                        + reconnectMaxDelay);
        problems.require(
                isPositive(startupTimeout),
                "--startup-timeout",
                "must be more than 0, got " + startupTimeout);
        problems.throwIfAny("camera settings");
        producerProperties = Map.copyOf(producerProperties == null ? Map.of() : producerProperties);
    }

    private static boolean isPositive(Duration d) {
        return d != null && !d.isNegative() && !d.isZero();
    }

    @Override
    public String toString() {
        return "CameraProducerConfig[cameraId="
                + cameraId
                + ", source="
                + source
                + ", targetFps="
                + targetFps
                + ", maxDimension="
                + maxDimension
                + ", jpegQuality="
                + jpegQuality
                + ", realtime="
                + realtime
                + ", loop="
                + sourceOptions.loop()
                + ", startOffset="
                + sourceOptions.startOffset()
                + ", captureStart="
                + sourceOptions.captureStart()
                + ", bootstrapServers="
                + bootstrapServers
                + ", topic="
                + topic
                + ", registry="
                + registry
                + ", producerProperties="
                + Secrets.masked(producerProperties)
                + ", firstSequence="
                + firstSequence
                + ", maxReconnects="
                + maxReconnects
                + ", producerId="
                + producerId
                + "]";
    }
}
