package io.ferstream.ingest.gate;

import io.ferstream.config.Problems;
import io.ferstream.config.Secrets;
import io.ferstream.image.ImageLimits;
import io.ferstream.registry.RegistryConfig;
import io.ferstream.topics.Topics;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

/**
 * Everything the frame gate needs, validated once. Build with {@link #builder(String,
 * RegistryConfig)}.
 *
 * @param applicationId Kafka Streams application id (consumer group, state and transactional ids)
 * @param bootstrapServers Kafka bootstrap servers
 * @param registry schema registry of the Avro values
 * @param inputTopic where frames arrive ({@code frames.raw})
 * @param outputTopic where accepted frames go, byte for byte ({@code frames})
 * @param dlqTopic where rejections go as {@code FrameRejected} ({@code frames.dlq})
 * @param statusTopic compacted topic of per-camera status JSON ({@code frames.camera-status})
 * @param processingMode exactly-once (default) or at-least-once
 * @param rules the stateless limits of every frame
 * @param maxFpsPerCamera per-camera frame rate limit by capture time; 0 disables it
 * @param statusWindow window over which the observed fps of a camera is measured
 * @param statusInterval how often changed camera statuses are written to the status topic
 * @param statusLimits how many cameras' statuses are kept, and for how long
 * @param httpPort port of the status endpoint; 0 = any free port, -1 = no endpoint
 * @param stateDir Kafka Streams state directory, or null for its default
 * @param streamsOverrides extra Kafka Streams/client properties (security, tuning); secrets are
 *     never printed
 */
public record GateConfig(
        String applicationId,
        String bootstrapServers,
        RegistryConfig registry,
        String inputTopic,
        String outputTopic,
        String dlqTopic,
        String statusTopic,
        ProcessingMode processingMode,
        FrameRules rules,
        double maxFpsPerCamera,
        Duration statusWindow,
        Duration statusInterval,
        CameraStatusLimits statusLimits,
        int httpPort,
        String stateDir,
        Map<String, String> streamsOverrides) {

    public static final String DEFAULT_APPLICATION_ID = "ferstream-frame-gate";
    public static final String DEFAULT_STATUS_TOPIC = io.ferstream.topics.Topics.CAMERA_STATUS;

    public GateConfig {
        Problems problems = new Problems();
        problems.requireText(applicationId, "--application-id", "the Kafka Streams application id");
        problems.requireText(
                bootstrapServers, "--bootstrap-servers", "the Kafka bootstrap servers");
        problems.require(
                registry != null, "--registry-url", "required: the schema registry URL(s)");
        problems.requireText(inputTopic, "--input-topic", "the topic frames arrive on");
        problems.requireText(outputTopic, "--output-topic", "the topic accepted frames go to");
        problems.requireText(dlqTopic, "--dlq-topic", "the dead-letter topic");
        problems.requireText(statusTopic, "--status-topic", "the camera status topic");
        problems.require(
                Set.of(
                                        String.valueOf(inputTopic),
                                        String.valueOf(outputTopic),
                                        String.valueOf(dlqTopic),
                                        String.valueOf(statusTopic))
                                .size()
                        == 4,
                "topics",
                "input, output, dead-letter and status topics must all "
                        + "differ, got "
                        + inputTopic
                        + ", "
                        + outputTopic
                        + ", "
                        + dlqTopic
                        + ", "
                        + statusTopic);
        problems.require(processingMode != null, "--processing-guarantee", "required");
        problems.require(rules != null, "rules", "required");
        problems.require(
                Double.isFinite(maxFpsPerCamera) && maxFpsPerCamera >= 0,
                "--max-fps",
                "must be 0 (no limit) or positive, got " + maxFpsPerCamera);
        problems.require(
                isPositive(statusWindow),
                "--status-window",
                "must be more than 0, got " + statusWindow);
        problems.require(
                isPositive(statusInterval),
                "--status-interval",
                "must be more than 0, got " + statusInterval);
        problems.require(statusLimits != null, "statusLimits", "required");
        problems.require(
                httpPort >= -1 && httpPort <= 65535,
                "--http-port",
                "must be -1 (off), 0 (any free port) or 1..65535, got " + httpPort);
        problems.throwIfAny("frame gate settings");
        streamsOverrides = Map.copyOf(streamsOverrides == null ? Map.of() : streamsOverrides);
    }

    private static boolean isPositive(Duration d) {
        return d != null && !d.isNegative() && !d.isZero();
    }

    public static Builder builder(String bootstrapServers, RegistryConfig registry) {
        return new Builder(bootstrapServers, registry);
    }

    @Override
    public String toString() {
        Map<String, String> shown = Secrets.masked(streamsOverrides);
        return "GateConfig[applicationId="
                + applicationId
                + ", bootstrapServers="
                + bootstrapServers
                + ", registry="
                + registry
                + ", topics="
                + inputTopic
                + " -> "
                + outputTopic
                + " | "
                + dlqTopic
                + " | "
                + statusTopic
                + ", processingMode="
                + processingMode
                + ", rules="
                + rules
                + ", maxFpsPerCamera="
                + maxFpsPerCamera
                + ", statusWindow="
                + statusWindow
                + ", statusInterval="
                + statusInterval
                + ", statusLimits="
                + statusLimits
                + ", httpPort="
                + httpPort
                + ", stateDir="
                + stateDir
                + ", streamsOverrides="
                + shown
                + "]";
    }

    /** Defaults as documented in ingest/README.md. */
    public static final class Builder {
        private String applicationId = DEFAULT_APPLICATION_ID;
        private final String bootstrapServers;
        private final RegistryConfig registry;
        private String inputTopic = Topics.FRAMES_RAW;
        private String outputTopic = Topics.FRAMES;
        private String dlqTopic = Topics.FRAMES_DLQ;
        private String statusTopic = DEFAULT_STATUS_TOPIC;
        private ProcessingMode processingMode = ProcessingMode.EXACTLY_ONCE_V2;
        private ImageLimits imageLimits = ImageLimits.DEFAULT;
        private Duration maxFutureSkew = Duration.ofSeconds(60);
        private Duration maxAge = Duration.ofSeconds(60);
        private Set<String> allowedCameras = Set.of();
        private double maxFpsPerCamera = 15;
        private Duration statusWindow = Duration.ofSeconds(10);
        private Duration statusInterval = Duration.ofSeconds(5);
        private CameraStatusLimits statusLimits = CameraStatusLimits.DEFAULT;
        private int httpPort = 8088;
        private String stateDir;
        private Map<String, String> streamsOverrides = Map.of();

        private Builder(String bootstrapServers, RegistryConfig registry) {
            this.bootstrapServers = bootstrapServers;
            this.registry = registry;
        }

        public Builder applicationId(String v) {
            applicationId = v;
            return this;
        }

        public Builder inputTopic(String v) {
            inputTopic = v;
            return this;
        }

        public Builder outputTopic(String v) {
            outputTopic = v;
            return this;
        }

        public Builder dlqTopic(String v) {
            dlqTopic = v;
            return this;
        }

        public Builder statusTopic(String v) {
            statusTopic = v;
            return this;
        }

        public Builder processingMode(ProcessingMode v) {
            processingMode = v;
            return this;
        }

        public Builder imageLimits(ImageLimits v) {
            imageLimits = v;
            return this;
        }

        public Builder maxFutureSkew(Duration v) {
            maxFutureSkew = v;
            return this;
        }

        public Builder maxAge(Duration v) {
            maxAge = v;
            return this;
        }

        public Builder allowedCameras(Set<String> v) {
            allowedCameras = v;
            return this;
        }

        public Builder maxFpsPerCamera(double v) {
            maxFpsPerCamera = v;
            return this;
        }

        public Builder statusWindow(Duration v) {
            statusWindow = v;
            return this;
        }

        public Builder statusLimits(CameraStatusLimits v) {
            statusLimits = v;
            return this;
        }

        public Builder statusInterval(Duration v) {
            statusInterval = v;
            return this;
        }

        public Builder httpPort(int v) {
            httpPort = v;
            return this;
        }

        public Builder stateDir(String v) {
            stateDir = v;
            return this;
        }

        public Builder streamsOverrides(Map<String, String> v) {
            streamsOverrides = v;
            return this;
        }

        /**
         * The validated configuration; every problem of the rules and the gate is reported at once.
         */
        public GateConfig build() {
            Problems problems = new Problems();
            FrameRules rules =
                    problems.collect(
                            "rules",
                            () ->
                                    new FrameRules(
                                            imageLimits, maxFutureSkew, maxAge, allowedCameras));
            FrameRules checked =
                    rules != null ? rules : FrameRules.defaults(); // the rest is still checked
            GateConfig config =
                    problems.collect(
                            "gate",
                            () ->
                                    new GateConfig(
                                            applicationId,
                                            bootstrapServers,
                                            registry,
                                            inputTopic,
                                            outputTopic,
                                            dlqTopic,
                                            statusTopic,
                                            processingMode,
                                            checked,
                                            maxFpsPerCamera,
                                            statusWindow,
                                            statusInterval,
                                            statusLimits,
                                            httpPort,
                                            stateDir,
                                            streamsOverrides));
            problems.throwIfAny("frame gate settings");
            return config;
        }
    }
}
