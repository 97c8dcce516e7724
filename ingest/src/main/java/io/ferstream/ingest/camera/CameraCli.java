package io.ferstream.ingest.camera;

import io.ferstream.config.KeyValues;
import io.ferstream.config.Problems;
import io.ferstream.config.cli.CommandLines;
import io.ferstream.config.cli.DurationConverter;
import io.ferstream.config.cli.GracefulStop;
import io.ferstream.config.cli.KafkaOptions;
import io.ferstream.config.cli.RegistryOptions;
import io.ferstream.ingest.cli.ClientSettings;
import io.ferstream.topics.Topics;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code ferstream-camera}: turns a video file, stream, webcam or images into {@code CameraFrame}
 * records on {@code frames.raw}. Only parses arguments; {@link CameraProducer} does the work. Exit
 * codes: 0 done, 1 frames failed to send or the source failed mid-run, 2 bad arguments, 3 Kafka
 * unreachable, 4 schema registry unusable, 5 source unreadable.
 */
@Command(
        name = "ferstream-camera",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = "Produces camera frames (JPEG, Avro CameraFrame, key = camera id) to Kafka.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:done",
            "1:frames failed to send, or the source failed mid-run",
            "2:bad arguments",
            "3:Kafka unreachable, or it refused the credentials or the topic",
            "4:schema registry unusable",
            "5:source unreadable"
        })
public final class CameraCli implements Callable<Integer>, CommandLines.Configured {

    /** Real-time pacing of files, or as fast as possible. */
    public enum Pace {
        REALTIME,
        MAX
    }

    @Spec CommandLine.Model.CommandSpec spec;

    @Parameters(
            index = "0",
            arity = "0..1", // a missing source is reported with the other problems, by toConfig
            paramLabel = "SOURCE",
            description =
                    "Video file (mp4, avi, mkv ...), folder or quoted glob of images, rtsp://...,"
                            + " http(s)://..., or /dev/videoN.")
    String source;

    @Option(
            names = "--camera-id",
            description = "Camera id: the record key and the value's cameraId (required).")
    String cameraId;

    @Mixin KafkaOptions kafka;

    @Mixin RegistryOptions registry;

    @Option(
            names = "--topic",
            defaultValue = Topics.FRAMES_RAW,
            description = "Default: ${DEFAULT-VALUE}.")
    String topic;

    @Mixin FrameShapeOptions frames;

    @Option(
            names = "--loop",
            description =
                    "Files and images: start again at the end (capture times keep increasing).")
    boolean loop;

    @Option(
            names = "--start-offset",
            defaultValue = "0s",
            converter = DurationConverter.class,
            description = "Files and images: skip this much first (default: ${DEFAULT-VALUE}).")
    Duration startOffset;

    @Option(
            names = "--capture-start",
            description =
                    "Files and images: capture time of timestamp 0 (ISO-8601, e.g."
                            + " 2025-01-01T00:00:00Z) for deterministic replays; default: now.")
    Instant captureStart;

    @Option(
            names = "--pace",
            defaultValue = "REALTIME",
            description =
                    "Files and images: REALTIME (at the file's speed) or MAX (as fast as possible)"
                            + " (default: ${DEFAULT-VALUE}).")
    Pace pace;

    @Option(
            names = "--first-sequence",
            defaultValue = "0",
            description = "Sequence number of the first frame (default: ${DEFAULT-VALUE}).")
    long firstSequence;

    @Option(
            names = "--rtsp-transport",
            defaultValue = "tcp",
            description =
                    "RTSP transport: tcp, udp, udp_multicast, http (default: ${DEFAULT-VALUE}).")
    String rtspTransport;

    @Option(
            names = "--socket-timeout",
            defaultValue = "10s",
            converter = DurationConverter.class,
            description =
                    "Streams: read/connect timeout after which the stream counts as dropped"
                            + " (default: ${DEFAULT-VALUE}).")
    Duration socketTimeout;

    @Option(
            names = "--max-reconnects",
            defaultValue = "-1",
            description =
                    "Live sources: consecutive failed reconnects before giving up; -1 = unlimited"
                            + " (default: ${DEFAULT-VALUE}).")
    int maxReconnects;

    @Option(
            names = "--reconnect-delay",
            defaultValue = "500ms",
            converter = DurationConverter.class,
            description = "First reconnect delay, doubled per failure (default: ${DEFAULT-VALUE}).")
    Duration reconnectDelay;

    @Option(
            names = "--reconnect-max-delay",
            defaultValue = "30s",
            converter = DurationConverter.class,
            description = "Cap of the reconnect delay (default: ${DEFAULT-VALUE}).")
    Duration reconnectMaxDelay;

    @Option(
            names = "--ffmpeg-option",
            paramLabel = "KEY=VALUE",
            description =
                    "FFmpeg demuxer/protocol option, e.g. video_size=1280x720 or input_format=mjpeg"
                            + " for V4L2; repeatable.")
    List<String> ffmpegOptions = List.of();

    @Option(
            names = "--startup-timeout",
            defaultValue = "10s",
            converter = DurationConverter.class,
            description =
                    "Bound of the Kafka and registry checks at start; while no registry answers,"
                            + " the camera asks again until then (default: ${DEFAULT-VALUE}).")
    Duration startupTimeout;

    @Option(
            names = "--producer-id",
            description =
                    "Written into each frame's source metadata (default: ferstream-camera@<host>).")
    String producerId;

    @Option(
            names = "--no-progress",
            description = "Do not print the progress line, even on a terminal.")
    boolean noProgress;

    /** The validated configuration; every problem of every option is reported at once. */
    @Override
    public CameraProducerConfig toConfig() {
        Problems problems = new Problems();
        ClientSettings clients = ClientSettings.of(kafka, registry, problems);
        SourceSpec spec = problems.collect("SOURCE", () -> SourceSpec.parse(source));
        Map<String, String> ffmpeg =
                problems.collect("--ffmpeg-option", () -> KeyValues.merge(null, ffmpegOptions));
        SourceOptions options =
                new SourceOptions(
                        captureStart,
                        startOffset,
                        loop,
                        rtspTransport,
                        socketTimeout,
                        frames.imageInterval(),
                        ffmpeg == null ? Map.of() : ffmpeg);
        CameraProducerConfig config =
                problems.collect(
                        "camera",
                        () ->
                                new CameraProducerConfig(
                                        cameraId,
                                        spec,
                                        options,
                                        frames.fps(),
                                        frames.maxDimension(),
                                        frames.jpegQuality(),
                                        pace == Pace.REALTIME,
                                        clients.bootstrapServers(),
                                        topic,
                                        clients.registry(),
                                        clients.kafkaProperties(),
                                        firstSequence,
                                        maxReconnects,
                                        reconnectDelay,
                                        reconnectMaxDelay,
                                        startupTimeout,
                                        producerId != null
                                                ? producerId
                                                : "ferstream-camera@" + hostName()));
        problems.throwIfAny("arguments");
        return config;
    }

    @Override
    public Integer call() throws InterruptedException {
        CameraProducerConfig config = toConfig();
        PrintWriter out = spec.commandLine().getOut();
        CameraProducer producer = new CameraProducer(config);
        GracefulStop graceful = GracefulStop.install("ferstream-camera", producer::close);
        ScheduledExecutorService progress = startProgress(producer.stats(), out);
        try {
            CameraProducer.Summary summary = producer.run();
            stopProgress(progress, out);
            out.printf(
                    "%s: sent %d frames (%d acknowledged, %d failed), %.1f MB, %.1f frames/s over"
                            + " %.1f s; read %d, sampled out %d, reconnects %d%n",
                    cameraId,
                    summary.sent(),
                    summary.acked(),
                    summary.failed(),
                    summary.bytes() / 1e6,
                    summary.framesPerSecond(),
                    summary.elapsed().toMillis() / 1000.0,
                    summary.grabbed(),
                    summary.sampledOut(),
                    summary.reconnects());
            out.flush();
            if (summary.firstError() != null) {
                spec.commandLine().getErr().println("ferstream-camera: " + summary.firstError());
                return 1;
            }
            return 0;
        } finally {
            stopProgress(progress, out);
            graceful.close();
        }
    }

    private ScheduledExecutorService startProgress(CameraProducer.Stats stats, PrintWriter out) {
        if (noProgress || System.console() == null) {
            return null;
        }
        ScheduledExecutorService timer =
                Executors.newSingleThreadScheduledExecutor(
                        r -> {
                            Thread t = new Thread(r, "ferstream-camera-progress");
                            t.setDaemon(true);
                            return t;
                        });
        long[] previous = {0, 0};
        timer.scheduleAtFixedRate(
                () -> {
                    long acked = stats.acked();
                    long bytes = stats.bytes();
                    out.printf(
                            "\r%s: %d frames sent, %.1f fps, %.2f MB/s, lag %d   ",
                            cameraId,
                            stats.sent(),
                            (double) (acked - previous[0]),
                            (bytes - previous[1]) / 1e6,
                            stats.lag());
                    out.flush();
                    previous[0] = acked;
                    previous[1] = bytes;
                },
                1,
                1,
                TimeUnit.SECONDS);
        return timer;
    }

    private static void stopProgress(ScheduledExecutorService timer, PrintWriter out) {
        if (timer != null && !timer.isShutdown()) {
            timer.shutdownNow();
            out.println();
        }
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            return "unknown-host";
        }
    }

    /**
     * Runs the CLI: what the user must fix prints as one message listing every problem, with a
     * non-zero code.
     */
    public static int execute(PrintWriter out, PrintWriter err, String... args) {
        CommandLine cli = new CommandLine(new CameraCli());
        cli.setOut(out);
        cli.setErr(err);
        return CommandLines.execute(cli, args);
    }

    public static void main(String[] args) {
        System.exit(
                execute(
                        new PrintWriter(System.out, true),
                        new PrintWriter(System.err, true),
                        args));
    }
}
