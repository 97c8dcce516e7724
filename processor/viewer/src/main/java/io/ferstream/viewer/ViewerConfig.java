package io.ferstream.viewer;

import io.ferstream.config.ConfigException;
import io.ferstream.config.Secrets;
import io.ferstream.registry.RegistryConfig;
import io.ferstream.topics.Topics;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The viewer's settings: immutable, validated once, every problem reported at once. The token
 * prints as {@value Secrets#HIDDEN}.
 *
 * @param bindHost the address to listen on; 127.0.0.1 unless told otherwise
 * @param port the port (0: any free one)
 * @param token the access token, or null; required when {@code bindHost} is not a loopback address
 * @param showFaces show faces unblurred (off by default: faces are blurred before a frame leaves)
 * @param bootstrapServers Kafka bootstrap servers
 * @param kafkaProperties further Kafka client settings (security, tuning)
 * @param registry the schema registry client's settings
 * @param framesTopic accepted frames ({@code CameraFrame})
 * @param eventsTopic expression events, read with {@code read_committed}
 * @param deadLetterTopic dead letters ({@code FrameRejected})
 * @param statusTopic the gate's compacted camera statuses (JSON)
 * @param summariesTopic the job's minute summaries ({@code ExpressionSummary})
 * @param flinkRestUrl Flink's REST URL for the job's health, or null to leave it out
 * @param flinkJobName the job to show, or null for the running one
 * @param healthInterval how often the job's health is read
 * @param jobGroupId the job's consumer group: its committed offsets on the frames topic say which
 *     frames the job has processed, so which frames' faces are known
 * @param confirmFrames how many frames after a frame the job must have processed before it is
 *     shown: a face is confirmed only after a few observations (the job's tracking.min-hits)
 * @param maxFrameWait how long a frame waits for the job to process it at most; a frame the job has
 *     not processed by then is shown blurred all over (faces shown: without boxes)
 * @param displayFps frames per second shown per camera at most
 * @param maxWidth frames wider than this are downscaled (while decoding)
 * @param jpegQuality quality of the JPEGs sent to browsers, 0..1
 * @param maxCameras cameras the viewer keeps state for at most
 * @param maxFrameBytesPerCamera JPEG bytes waiting in one camera's delay line at most
 * @param recentEvents events in the recent-events list
 * @param history events and dead letters read back per partition at start
 * @param maxTracksPerCamera live tracks per camera at most
 * @param endedTracksPerCamera ended tracks (timelines, summaries) kept per camera
 * @param timelinePoints points per track timeline at most
 */
public record ViewerConfig(
        String bindHost,
        int port,
        String token,
        boolean showFaces,
        String bootstrapServers,
        Map<String, String> kafkaProperties,
        RegistryConfig registry,
        String framesTopic,
        String eventsTopic,
        String deadLetterTopic,
        String statusTopic,
        String summariesTopic,
        String flinkRestUrl,
        String flinkJobName,
        Duration healthInterval,
        String jobGroupId,
        int confirmFrames,
        Duration maxFrameWait,
        double displayFps,
        int maxWidth,
        double jpegQuality,
        int maxCameras,
        long maxFrameBytesPerCamera,
        int recentEvents,
        int history,
        int maxTracksPerCamera,
        int endedTracksPerCamera,
        int timelinePoints) {

    public static final String DEFAULT_BIND = "127.0.0.1";
    public static final int DEFAULT_PORT = 8070;
    public static final int MIN_TOKEN_LENGTH = 16;

    /** The job's default {@code source.group-id}. */
    public static final String DEFAULT_JOB_GROUP_ID = "ferstream-processor";

    public ViewerConfig {
        kafkaProperties = Map.copyOf(kafkaProperties == null ? Map.of() : kafkaProperties);
        List<String> problems = new ArrayList<>();
        if (bindHost == null || bindHost.isBlank()) {
            problems.add("--bind: required: the address to listen on (e.g. 127.0.0.1)");
        } else if (!isLoopback(bindHost) && token == null) {
            problems.add(
                    "--bind: the viewer shows camera frames; bound to "
                            + bindHost
                            + " (not a loopback address) it needs an access token: set"
                            + " --token-file FILE or the environment variable "
                            + ViewerCli.TOKEN_ENV
                            + " (at least "
                            + MIN_TOKEN_LENGTH
                            + " characters), or bind to 127.0.0.1");
        }
        if (token != null && token.length() < MIN_TOKEN_LENGTH) {
            problems.add(
                    "--token-file: the token must have at least "
                            + MIN_TOKEN_LENGTH
                            + " characters, had "
                            + token.length());
        }
        if (token != null && !token.chars().allMatch(c -> c > 32 && c < 127)) {
            problems.add("--token-file: the token must be printable ASCII without spaces");
        }
        if (port < 0 || port > 65535) {
            problems.add("--port: must be 0..65535, was " + port);
        }
        if (bootstrapServers == null || bootstrapServers.isBlank()) {
            problems.add("--bootstrap-servers: required: the Kafka bootstrap servers");
        }
        if (registry == null) {
            problems.add("--registry-url: required: the schema registry URL(s)");
        }
        for (String topic :
                new String[] {
                    framesTopic, eventsTopic, deadLetterTopic, statusTopic, summariesTopic
                }) {
            if (topic == null || topic.isBlank()) {
                problems.add("--*-topic: topic names must not be empty");
                break;
            }
        }
        if (flinkRestUrl != null) {
            try {
                URI uri = URI.create(flinkRestUrl);
                if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())
                        || uri.getHost() == null) {
                    problems.add(
                            "--flink-rest-url: must be http(s)://host:port, e.g."
                                    + " http://localhost:8081");
                }
            } catch (IllegalArgumentException e) {
                problems.add("--flink-rest-url: not a URL");
            }
        }
        requirePositive(problems, "--health-interval", healthInterval);
        if (jobGroupId == null || jobGroupId.isBlank()) {
            problems.add("--job-group-id: required: the job's consumer group (source.group-id)");
        }
        requirePositive(problems, "--max-frame-wait", maxFrameWait);
        if (confirmFrames < 0 || confirmFrames > 100) {
            problems.add("--confirm-frames: must be 0..100, was " + confirmFrames);
        }
        if (!(displayFps > 0 && displayFps <= 30)) {
            problems.add("--display-fps: must be in (0, 30], was " + displayFps);
        }
        if (maxWidth < 64 || maxWidth > 3840) {
            problems.add("--max-width: must be 64..3840, was " + maxWidth);
        }
        if (!(jpegQuality > 0 && jpegQuality <= 1)) {
            problems.add("--jpeg-quality: must be in (0, 1], was " + jpegQuality);
        }
        if (maxCameras < 1 || maxCameras > 10_000) {
            problems.add("--max-cameras: must be 1..10000, was " + maxCameras);
        }
        if (maxFrameBytesPerCamera < Topics.MAX_FRAME_BYTES) {
            problems.add(
                    "--max-frame-bytes-per-camera: must hold at least one frame ("
                            + Topics.MAX_FRAME_BYTES
                            + " bytes), was "
                            + maxFrameBytesPerCamera);
        }
        if (recentEvents < 1 || recentEvents > 10_000) {
            problems.add("--recent-events: must be 1..10000, was " + recentEvents);
        }
        if (history < 0 || history > 100_000) {
            problems.add("--history: must be 0..100000, was " + history);
        }
        if (maxTracksPerCamera < 1 || endedTracksPerCamera < 0 || timelinePoints < 2) {
            problems.add(
                    "--max-tracks/--ended-tracks/--timeline-points: must be >= 1, >= 0 and >= 2");
        }
        if (!problems.isEmpty()) {
            throw new ConfigException("viewer settings", problems);
        }
    }

    private static void requirePositive(List<String> problems, String key, Duration d) {
        if (d == null || d.isNegative() || d.isZero()) {
            problems.add(key + ": must be positive");
        }
    }

    /** Whether {@code host} names a loopback address only (127.0.0.0/8, ::1, localhost). */
    public static boolean isLoopback(String host) {
        try {
            InetAddress[] all = InetAddress.getAllByName(host);
            for (InetAddress a : all) {
                if (!a.isLoopbackAddress()) {
                    return false;
                }
            }
            return all.length > 0;
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /** Whether requests must carry the token. */
    public boolean requiresToken() {
        return token != null;
    }

    /** Defaults for everything but how to reach Kafka and the registry. */
    public static Builder builder(String bootstrapServers, RegistryConfig registry) {
        return new Builder(bootstrapServers, registry);
    }

    public Builder toBuilder() {
        Builder b = new Builder(bootstrapServers, registry);
        b.bindHost = bindHost;
        b.port = port;
        b.token = token;
        b.showFaces = showFaces;
        b.kafkaProperties = kafkaProperties;
        b.framesTopic = framesTopic;
        b.eventsTopic = eventsTopic;
        b.deadLetterTopic = deadLetterTopic;
        b.statusTopic = statusTopic;
        b.summariesTopic = summariesTopic;
        b.flinkRestUrl = flinkRestUrl;
        b.flinkJobName = flinkJobName;
        b.healthInterval = healthInterval;
        b.jobGroupId = jobGroupId;
        b.confirmFrames = confirmFrames;
        b.maxFrameWait = maxFrameWait;
        b.displayFps = displayFps;
        b.maxWidth = maxWidth;
        b.jpegQuality = jpegQuality;
        b.maxCameras = maxCameras;
        b.maxFrameBytesPerCamera = maxFrameBytesPerCamera;
        b.recentEvents = recentEvents;
        b.history = history;
        b.maxTracksPerCamera = maxTracksPerCamera;
        b.endedTracksPerCamera = endedTracksPerCamera;
        b.timelinePoints = timelinePoints;
        return b;
    }

    @Override
    public String toString() {
        return "ViewerConfig[bind="
                + bindHost
                + ":"
                + port
                + ", token="
                + (token == null ? "none" : Secrets.HIDDEN)
                + ", showFaces="
                + showFaces
                + ", bootstrapServers="
                + bootstrapServers
                + ", kafka="
                + Secrets.masked(kafkaProperties)
                + ", topics="
                + List.of(framesTopic, eventsTopic, deadLetterTopic, statusTopic, summariesTopic)
                + ", flinkRestUrl="
                + flinkRestUrl
                + ", jobGroupId="
                + jobGroupId
                + ", maxFrameWait="
                + maxFrameWait
                + ", displayFps="
                + displayFps
                + ", maxCameras="
                + maxCameras
                + "]";
    }

    /** Builds a {@link ViewerConfig}; unset values keep their defaults. */
    public static final class Builder {
        private final String bootstrapServers;
        private final RegistryConfig registry;
        private String bindHost = DEFAULT_BIND;
        private int port = DEFAULT_PORT;
        private String token;
        private boolean showFaces;
        private Map<String, String> kafkaProperties = Map.of();
        private String framesTopic = Topics.FRAMES;
        private String eventsTopic = Topics.EXPRESSION_EVENTS;
        private String deadLetterTopic = Topics.FRAMES_DLQ;
        private String statusTopic = Topics.CAMERA_STATUS;
        private String summariesTopic = Topics.EXPRESSION_SUMMARIES;
        private String flinkRestUrl;
        private String flinkJobName;
        private Duration healthInterval = Duration.ofSeconds(2);
        private String jobGroupId = DEFAULT_JOB_GROUP_ID;
        private int confirmFrames = 3;
        private Duration maxFrameWait = Duration.ofSeconds(10);
        private double displayFps = 5;
        private int maxWidth = 960;
        private double jpegQuality = 0.8;
        private int maxCameras = 64;
        private long maxFrameBytesPerCamera = 16L * 1024 * 1024;
        private int recentEvents = 200;
        private int history = 500;
        private int maxTracksPerCamera = 64;
        private int endedTracksPerCamera = 16;
        private int timelinePoints = 120;

        private Builder(String bootstrapServers, RegistryConfig registry) {
            this.bootstrapServers = bootstrapServers;
            this.registry = registry;
        }

        public Builder bind(String host, int port) {
            this.bindHost = host;
            this.port = port;
            return this;
        }

        public Builder token(String token) {
            this.token = token;
            return this;
        }

        public Builder showFaces(boolean show) {
            this.showFaces = show;
            return this;
        }

        public Builder kafkaProperties(Map<String, String> props) {
            this.kafkaProperties = Objects.requireNonNull(props);
            return this;
        }

        public Builder topics(String frames, String events, String deadLetters, String status) {
            this.framesTopic = frames;
            this.eventsTopic = events;
            this.deadLetterTopic = deadLetters;
            this.statusTopic = status;
            return this;
        }

        public Builder summariesTopic(String summaries) {
            this.summariesTopic = summaries;
            return this;
        }

        public Builder flink(String restUrl, String jobName) {
            this.flinkRestUrl = restUrl;
            this.flinkJobName = jobName;
            return this;
        }

        public Builder healthInterval(Duration d) {
            this.healthInterval = d;
            return this;
        }

        public Builder jobGroupId(String groupId) {
            this.jobGroupId = groupId;
            return this;
        }

        public Builder confirmFrames(int frames) {
            this.confirmFrames = frames;
            return this;
        }

        public Builder maxFrameWait(Duration d) {
            this.maxFrameWait = d;
            return this;
        }

        public Builder displayFps(double fps) {
            this.displayFps = fps;
            return this;
        }

        public Builder maxWidth(int px) {
            this.maxWidth = px;
            return this;
        }

        public Builder jpegQuality(double q) {
            this.jpegQuality = q;
            return this;
        }

        public Builder maxCameras(int n) {
            this.maxCameras = n;
            return this;
        }

        public Builder maxFrameBytesPerCamera(long bytes) {
            this.maxFrameBytesPerCamera = bytes;
            return this;
        }

        public Builder recentEvents(int n) {
            this.recentEvents = n;
            return this;
        }

        public Builder history(int n) {
            this.history = n;
            return this;
        }

        public Builder tracks(int live, int ended, int timelinePoints) {
            this.maxTracksPerCamera = live;
            this.endedTracksPerCamera = ended;
            this.timelinePoints = timelinePoints;
            return this;
        }

        public ViewerConfig build() {
            return new ViewerConfig(
                    bindHost,
                    port,
                    token,
                    showFaces,
                    bootstrapServers,
                    kafkaProperties,
                    registry,
                    framesTopic,
                    eventsTopic,
                    deadLetterTopic,
                    statusTopic,
                    summariesTopic,
                    flinkRestUrl,
                    flinkJobName,
                    healthInterval,
                    jobGroupId,
                    confirmFrames,
                    maxFrameWait,
                    displayFps,
                    maxWidth,
                    jpegQuality,
                    maxCameras,
                    maxFrameBytesPerCamera,
                    recentEvents,
                    history,
                    maxTracksPerCamera,
                    endedTracksPerCamera,
                    timelinePoints);
        }
    }
}
