package io.ferstream.ingest.gate;

import io.ferstream.config.Problems;
import io.ferstream.config.cli.CommandLines;
import io.ferstream.config.cli.DurationConverter;
import io.ferstream.config.cli.KafkaOptions;
import io.ferstream.config.cli.RegistryOptions;
import io.ferstream.config.cli.SizeConverter;
import io.ferstream.image.ImageLimits;
import io.ferstream.ingest.cli.ClientSettings;
import io.ferstream.kafka.KafkaAccessException;
import io.ferstream.topics.Topics;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.streams.KafkaStreams;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ferstream-gate}: parses arguments into a {@link GateConfig} and runs a {@link FrameGate}
 * until stopped.
 */
@Command(
        name = "ferstream-gate",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description =
                "Validates camera frames from frames.raw: accepted frames go to frames unchanged,"
                        + " rejections to frames.dlq.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:stopped by a signal",
            "1:stopped on an error (Kafka refused it while running, say)",
            "2:bad arguments",
            "3:Kafka unreachable at start, or it refused the credentials or the topics"
        })
public final class FrameGateCli implements Callable<Integer>, CommandLines.Configured {

    static final int FAILED = 1;
    static final int KAFKA_REFUSED = 3;

    @Spec CommandLine.Model.CommandSpec spec;

    @Mixin KafkaOptions kafka;

    @Mixin RegistryOptions registry;

    @Option(
            names = "--application-id",
            defaultValue = GateConfig.DEFAULT_APPLICATION_ID,
            description = "Kafka Streams application id (default: ${DEFAULT-VALUE}).")
    String applicationId;

    @Option(
            names = "--input-topic",
            defaultValue = Topics.FRAMES_RAW,
            description = "Default: ${DEFAULT-VALUE}.")
    String inputTopic;

    @Option(
            names = "--output-topic",
            defaultValue = Topics.FRAMES,
            description = "Default: ${DEFAULT-VALUE}.")
    String outputTopic;

    @Option(
            names = "--dlq-topic",
            defaultValue = Topics.FRAMES_DLQ,
            description = "Default: ${DEFAULT-VALUE}.")
    String dlqTopic;

    @Option(
            names = "--status-topic",
            defaultValue = GateConfig.DEFAULT_STATUS_TOPIC,
            description = "Compacted per-camera status topic (default: ${DEFAULT-VALUE}).")
    String statusTopic;

    @Option(
            names = "--processing-guarantee",
            defaultValue = "EXACTLY_ONCE_V2",
            description = "EXACTLY_ONCE_V2 or AT_LEAST_ONCE (default: ${DEFAULT-VALUE}).")
    ProcessingMode processingMode;

    @Option(
            names = "--max-width",
            defaultValue = "3840",
            description = "Widest image accepted (default: ${DEFAULT-VALUE} px).")
    int maxWidth;

    @Option(
            names = "--max-height",
            defaultValue = "2160",
            description = "Tallest image accepted (default: ${DEFAULT-VALUE} px).")
    int maxHeight;

    @Option(
            names = "--max-image-bytes",
            defaultValue = "8mb",
            converter = SizeConverter.class,
            description = "Largest encoded image accepted (default: ${DEFAULT-VALUE}).")
    long maxImageBytes;

    @Option(
            names = "--max-future-skew",
            defaultValue = "60s",
            converter = DurationConverter.class,
            description =
                    "Capture times further ahead of the time the frame entered Kafka are rejected"
                            + " (default: ${DEFAULT-VALUE}).")
    Duration maxFutureSkew;

    @Option(
            names = "--max-age",
            defaultValue = "60s",
            converter = DurationConverter.class,
            description =
                    "Frames that entered Kafka longer than this after their capture are stale"
                            + " (default: ${DEFAULT-VALUE}).")
    Duration maxAge;

    @Option(
            names = "--allowed-camera",
            split = ",",
            description =
                    "Allow-list of camera ids (repeat or comma separate); default: all cameras.")
    Set<String> allowedCameras = Set.of();

    @Option(
            names = "--max-fps",
            defaultValue = "15",
            description =
                    "Per-camera frame rate limit by capture time; 0 = none (default:"
                            + " ${DEFAULT-VALUE}).")
    double maxFps;

    @Option(
            names = "--status-window",
            defaultValue = "10s",
            converter = DurationConverter.class,
            description = "Window of the observed fps (default: ${DEFAULT-VALUE}).")
    Duration statusWindow;

    @Option(
            names = "--status-interval",
            defaultValue = "5s",
            converter = DurationConverter.class,
            description =
                    "How often changed statuses are written to the status topic (default:"
                            + " ${DEFAULT-VALUE}).")
    Duration statusInterval;

    @Option(
            names = "--max-camera-statuses",
            defaultValue = "10000",
            description =
                    "Cameras with a status (and a throttle entry) per task at most; a camera seen"
                            + " beyond is still validated and forwarded, and counted in"
                            + " untracked-camera-total (default: ${DEFAULT-VALUE}).")
    int maxCameraStatuses;

    @Option(
            names = "--camera-status-retention",
            defaultValue = "24h",
            converter = DurationConverter.class,
            description =
                    "A camera's status is forgotten this long after its last frame (default:"
                            + " ${DEFAULT-VALUE}).")
    Duration cameraStatusRetention;

    @Option(
            names = "--http-port",
            defaultValue = "8088",
            description = "Status endpoint port; 0 = any, -1 = off (default: ${DEFAULT-VALUE}).")
    int httpPort;

    @Option(names = "--state-dir", description = "Kafka Streams state directory.")
    String stateDir;

    /** The validated configuration; every problem of every option is reported at once. */
    @Override
    public GateConfig toConfig() {
        Problems problems = new Problems();
        ClientSettings clients = ClientSettings.of(kafka, registry, problems);
        ImageLimits limits =
                problems.collect(
                        "--max-image-bytes/--max-width/--max-height",
                        () -> new ImageLimits(maxImageBytes, maxWidth, maxHeight));
        GateConfig config =
                problems.collect(
                        "gate",
                        () ->
                                GateConfig.builder(clients.bootstrapServers(), clients.registry())
                                        .applicationId(applicationId)
                                        .inputTopic(inputTopic)
                                        .outputTopic(outputTopic)
                                        .dlqTopic(dlqTopic)
                                        .statusTopic(statusTopic)
                                        .processingMode(processingMode)
                                        .imageLimits(limits != null ? limits : ImageLimits.DEFAULT)
                                        .maxFutureSkew(maxFutureSkew)
                                        .maxAge(maxAge)
                                        .allowedCameras(allowedCameras)
                                        .maxFpsPerCamera(maxFps)
                                        .statusWindow(statusWindow)
                                        .statusInterval(statusInterval)
                                        .statusLimits(
                                                new CameraStatusLimits(
                                                        maxCameraStatuses, cameraStatusRetention))
                                        .httpPort(httpPort)
                                        .stateDir(stateDir)
                                        .streamsOverrides(clients.kafkaProperties())
                                        .build());
        problems.throwIfAny("arguments");
        return config;
    }

    @Override
    public Integer call() throws InterruptedException {
        GateConfig config = toConfig();
        CountDownLatch stopped = new CountDownLatch(1);
        FrameGate gate = new FrameGate(config);
        Runtime.getRuntime()
                .addShutdownHook(
                        new Thread(
                                () -> {
                                    gate.close();
                                    stopped.countDown();
                                },
                                "frame-gate-shutdown"));
        try {
            gate.start();
        } catch (KafkaAccessException e) {
            spec.commandLine().getErr().println(spec.name() + ": " + e.getMessage());
            return KAFKA_REFUSED;
        }
        // Kafka Streams stops itself on what retrying cannot mend (refused credentials); the
        // process then ends with an error instead of running on without a thread.
        while (!stopped.await(1, TimeUnit.SECONDS)) {
            if (gate.state() == KafkaStreams.State.ERROR) {
                spec.commandLine()
                        .getErr()
                        .println(spec.name() + ": the gate stopped on an error; see its log");
                gate.close();
                return FAILED;
            }
        }
        return 0;
    }

    /**
     * Runs the command; what the user must fix prints as one message listing every problem (exit
     * code 2).
     */
    public static int execute(String... args) {
        return CommandLines.execute(new CommandLine(new FrameGateCli()), args);
    }
}
