package io.ferstream.ingest.camera;

import io.ferstream.ingest.cli.ClientProperties;
import io.ferstream.registry.RegistryConfig;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * Everything a {@link CameraProducer} needs, validated once.
 *
 * @param cameraId camera id: the record key and the value's cameraId
 * @param source what to read
 * @param sourceOptions how to read it (capture start, offset, loop, stream timeouts)
 * @param targetFps keep frames at most this often by capture time; 0 keeps all
 * @param maxDimension longest side after resizing; 0 keeps the source size
 * @param jpegQuality 1..100
 * @param realtime files and images: pace frames at their own timeline speed; false = as fast as possible
 * @param bootstrapServers Kafka bootstrap servers
 * @param topic where frames go ({@code frames.raw})
 * @param registry schema registry
 * @param producerProperties extra Kafka producer properties (security, tuning), applied last
 * @param firstSequence sequence number of the first frame sent
 * @param maxReconnects live sources: consecutive failed reconnects before giving up; negative = unlimited
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
    if (cameraId == null || cameraId.isBlank()) {
      throw new IllegalArgumentException("set the camera id (--camera-id)");
    }
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(sourceOptions, "sourceOptions");
    if (Double.isNaN(targetFps) || Double.isInfinite(targetFps) || targetFps < 0) {
      throw new IllegalArgumentException("target fps (--fps) must be 0 (keep all) or positive, got " + targetFps);
    }
    if (maxDimension < 0) {
      throw new IllegalArgumentException("max dimension (--max-dimension) must be 0 (keep) or positive, got " + maxDimension);
    }
    if (jpegQuality < 1 || jpegQuality > 100) {
      throw new IllegalArgumentException("JPEG quality (--jpeg-quality) must be within 1..100, got " + jpegQuality);
    }
    if (bootstrapServers == null || bootstrapServers.isBlank()) {
      throw new IllegalArgumentException("set the Kafka bootstrap servers (--bootstrap-servers)");
    }
    if (topic == null || topic.isBlank()) {
      throw new IllegalArgumentException("set the topic (--topic)");
    }
    Objects.requireNonNull(registry, "set the schema registry URL (--registry-url)");
    producerProperties = Map.copyOf(producerProperties == null ? Map.of() : producerProperties);
    if (firstSequence < 0) {
      throw new IllegalArgumentException("first sequence (--first-sequence) must not be negative, got " + firstSequence);
    }
    Objects.requireNonNull(reconnectInitialDelay, "reconnectInitialDelay");
    Objects.requireNonNull(reconnectMaxDelay, "reconnectMaxDelay");
    if (reconnectInitialDelay.isZero() || reconnectInitialDelay.isNegative() || reconnectMaxDelay.compareTo(reconnectInitialDelay) < 0) {
      throw new IllegalArgumentException("reconnect delays need 0 < initial <= max, got " + reconnectInitialDelay + " and " + reconnectMaxDelay);
    }
    if (startupTimeout == null || startupTimeout.isZero() || startupTimeout.isNegative()) {
      throw new IllegalArgumentException("startup timeout must be positive, got " + startupTimeout);
    }
  }

  @Override
  public String toString() {
    return "CameraProducerConfig[cameraId=" + cameraId + ", source=" + source + ", targetFps=" + targetFps
        + ", maxDimension=" + maxDimension + ", jpegQuality=" + jpegQuality + ", realtime=" + realtime
        + ", loop=" + sourceOptions.loop() + ", startOffset=" + sourceOptions.startOffset()
        + ", captureStart=" + sourceOptions.captureStart() + ", bootstrapServers=" + bootstrapServers + ", topic=" + topic
        + ", registry=" + registry + ", producerProperties=" + ClientProperties.masked(producerProperties)
        + ", firstSequence=" + firstSequence + ", maxReconnects=" + maxReconnects + ", producerId=" + producerId + "]";
  }
}
