package io.ferstream.viewer;

import io.ferstream.config.Problems;
import io.ferstream.config.cli.CommandLines;
import io.ferstream.config.cli.DurationConverter;
import io.ferstream.config.cli.KafkaOptions;
import io.ferstream.config.cli.RegistryOptions;
import io.ferstream.config.cli.SizeConverter;
import io.ferstream.registry.RegistryConfig;
import io.ferstream.topics.Topics;
import java.io.IOException;
import java.net.BindException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ferstream-viewer}: parses arguments into a {@link ViewerConfig} and runs the viewer. */
@Command(
        name = "ferstream-viewer",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description =
                "Shows cameras, their faces (blurred by default), expression events, dead letters"
                        + " and the job's health in a browser.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:stopped by a signal",
            "2:bad arguments (bound beyond loopback without a token, say)",
            "3:the port is taken"
        })
public final class ViewerCli implements Callable<Integer>, CommandLines.Configured {

    /** Environment variable holding the access token (instead of --token-file). */
    public static final String TOKEN_ENV = "FERSTREAM_VIEWER_TOKEN";

    static final int PORT_TAKEN = 3;

    @Spec CommandLine.Model.CommandSpec spec;

    @Mixin KafkaOptions kafka;

    @Mixin RegistryOptions registry;

    @Option(
            names = "--bind",
            defaultValue = ViewerConfig.DEFAULT_BIND,
            description =
                    "Address to listen on (default: ${DEFAULT-VALUE}). Any other than a loopback"
                            + " address needs a token.")
    String bind;

    @Option(
            names = "--port",
            defaultValue = "" + ViewerConfig.DEFAULT_PORT,
            description = "Port; 0 = any free one (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(
            names = "--token-file",
            paramLabel = "FILE",
            description =
                    "File holding the access token (at least 16 characters); or set "
                            + TOKEN_ENV
                            + ". Pages open /?token=... once, scripts send Authorization: Bearer.")
    Path tokenFile;

    @Option(
            names = "--show-faces",
            description =
                    "Show faces unblurred. Off by default: every known face region is blurred"
                            + " before a frame leaves the server.")
    boolean showFaces;

    @Option(
            names = "--flink-rest-url",
            paramLabel = "URL",
            description = "Flink's REST API for the job's health, e.g. http://jobmanager:8081.")
    String flinkRestUrl;

    @Option(names = "--flink-job-name", description = "The job to show (default: the running one).")
    String flinkJobName;

    @Option(
            names = "--frames-topic",
            defaultValue = Topics.FRAMES,
            description = "Default: ${DEFAULT-VALUE}.")
    String framesTopic;

    @Option(
            names = "--events-topic",
            defaultValue = Topics.EXPRESSION_EVENTS,
            description = "Default: ${DEFAULT-VALUE}.")
    String eventsTopic;

    @Option(
            names = "--dlq-topic",
            defaultValue = Topics.FRAMES_DLQ,
            description = "Default: ${DEFAULT-VALUE}.")
    String dlqTopic;

    @Option(
            names = "--status-topic",
            defaultValue = Topics.CAMERA_STATUS,
            description = "The gate's camera statuses (default: ${DEFAULT-VALUE}).")
    String statusTopic;

    @Option(
            names = "--summaries-topic",
            defaultValue = Topics.EXPRESSION_SUMMARIES,
            description = "The job's minute summaries per camera (default: ${DEFAULT-VALUE}).")
    String summariesTopic;

    @Option(
            names = "--job-group-id",
            defaultValue = ViewerConfig.DEFAULT_JOB_GROUP_ID,
            description =
                    "The job's consumer group (its source.group-id): a frame is shown once the job"
                            + " has committed it, so its faces are known (default:"
                            + " ${DEFAULT-VALUE}).")
    String jobGroupId;

    @Option(
            names = "--confirm-frames",
            defaultValue = "3",
            description =
                    "A frame is shown once the job has processed this many of the camera's later"
                        + " frames too: a face is confirmed after a few observations (set it to the"
                        + " job's tracking.min-hits; default: ${DEFAULT-VALUE}).")
    int confirmFrames;

    @Option(
            names = "--max-frame-wait",
            defaultValue = "10s",
            converter = DurationConverter.class,
            description =
                    "How long a frame waits for the job at most; one the job has not processed by"
                            + " then is shown blurred all over (default: ${DEFAULT-VALUE}).")
    Duration maxFrameWait;

    @Option(
            names = "--display-fps",
            defaultValue = "5",
            description = "Frames shown per second and camera at most (default: ${DEFAULT-VALUE}).")
    double displayFps;

    @Option(
            names = "--max-width",
            defaultValue = "960",
            description = "Wider frames are downscaled (default: ${DEFAULT-VALUE} px).")
    int maxWidth;

    @Option(
            names = "--jpeg-quality",
            defaultValue = "0.8",
            description = "Quality of the JPEGs sent, 0..1 (default: ${DEFAULT-VALUE}).")
    double jpegQuality;

    @Option(
            names = "--max-cameras",
            defaultValue = "64",
            description = "Cameras kept at most (default: ${DEFAULT-VALUE}).")
    int maxCameras;

    @Option(
            names = "--max-frame-bytes-per-camera",
            defaultValue = "16mb",
            converter = SizeConverter.class,
            description = "JPEG bytes waiting per camera at most (default: ${DEFAULT-VALUE}).")
    long maxFrameBytes;

    @Option(
            names = "--recent-events",
            defaultValue = "200",
            description = "Events in the recent list (default: ${DEFAULT-VALUE}).")
    int recentEvents;

    @Option(
            names = "--history",
            defaultValue = "500",
            description =
                    "Events and dead letters read back per partition at start (default:"
                            + " ${DEFAULT-VALUE}).")
    int history;

    @Option(
            names = "--timeline-points",
            defaultValue = "120",
            description = "Points per track timeline at most (default: ${DEFAULT-VALUE}).")
    int timelinePoints;

    @Override
    public ViewerConfig toConfig() {
        Problems problems = new Problems();
        String bootstrap = kafka.bootstrapServers();
        problems.require(
                bootstrap != null, "--bootstrap-servers", "required: the Kafka bootstrap servers");
        Map<String, String> properties =
                problems.collect("--client-property/--client-config", kafka::clientProperties);
        Map<String, String> kafkaOnly = new TreeMap<>();
        Map<String, String> registryOnly = new TreeMap<>();
        if (properties != null) {
            properties.forEach(
                    (k, v) ->
                            (RegistryConfig.isRegistrySetting(k) ? registryOnly : kafkaOnly)
                                    .put(k, v));
        }
        if (registry.url() != null) {
            registryOnly.put(RegistryConfig.URL, registry.url());
        }
        RegistryConfig registryConfig = null;
        if (!registryOnly.containsKey(RegistryConfig.URL)) {
            problems.add("--registry-url", "required: the schema registry URL(s)");
        } else {
            registryConfig =
                    problems.collect(
                            "--registry-url", () -> RegistryConfig.fromProperties(registryOnly));
        }
        String token = problems.collect("--token-file", this::readToken);
        RegistryConfig reg = registryConfig;
        ViewerConfig config =
                problems.collect(
                        "viewer",
                        () ->
                                ViewerConfig.builder(bootstrap, reg)
                                        .bind(bind, port)
                                        .token(token)
                                        .showFaces(showFaces)
                                        .kafkaProperties(kafkaOnly)
                                        .topics(framesTopic, eventsTopic, dlqTopic, statusTopic)
                                        .summariesTopic(summariesTopic)
                                        .flink(flinkRestUrl, flinkJobName)
                                        .jobGroupId(jobGroupId)
                                        .confirmFrames(confirmFrames)
                                        .maxFrameWait(maxFrameWait)
                                        .displayFps(displayFps)
                                        .maxWidth(maxWidth)
                                        .jpegQuality(jpegQuality)
                                        .maxCameras(maxCameras)
                                        .maxFrameBytesPerCamera(maxFrameBytes)
                                        .recentEvents(recentEvents)
                                        .history(history)
                                        .tracks(64, 16, timelinePoints)
                                        .build());
        problems.throwIfAny("arguments");
        return config;
    }

    /** The token from --token-file, else from the environment, else null. */
    private String readToken() {
        if (tokenFile != null) {
            try {
                String t = Files.readString(tokenFile, StandardCharsets.UTF_8).strip();
                if (t.isEmpty()) {
                    throw new IllegalArgumentException("the token file " + tokenFile + " is empty");
                }
                return t;
            } catch (IOException e) {
                throw new IllegalArgumentException(
                        "cannot read the token file " + tokenFile + ": " + e.getMessage());
            }
        }
        String env = System.getenv(TOKEN_ENV);
        return env == null || env.isBlank() ? null : env.strip();
    }

    @Override
    public Integer call() throws InterruptedException {
        ViewerConfig config = toConfig();
        ViewerServer viewer;
        try {
            viewer = ViewerServer.start(config);
        } catch (BindException e) {
            spec.commandLine()
                    .getErr()
                    .println(
                            spec.name()
                                    + ": cannot listen on "
                                    + config.bindHost()
                                    + ":"
                                    + config.port()
                                    + " ("
                                    + e.getMessage()
                                    + "); choose another --port");
            return PORT_TAKEN;
        } catch (IOException e) {
            spec.commandLine().getErr().println(spec.name() + ": cannot start: " + e.getMessage());
            return PORT_TAKEN;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(
                        new Thread(
                                () -> {
                                    viewer.close();
                                    stopped.countDown();
                                },
                                "viewer-shutdown"));
        spec.commandLine()
                .getOut()
                .println(
                        "FerStream viewer on "
                                + viewer.url()
                                + (config.requiresToken() ? " (open it with ?token=...)" : "")
                                + (config.showFaces() ? "  FACES SHOWN UNBLURRED" : ""));
        spec.commandLine().getOut().flush();
        stopped.await();
        return 0;
    }

    public static void main(String[] args) {
        System.exit(CommandLines.execute(new CommandLine(new ViewerCli()), args));
    }
}
