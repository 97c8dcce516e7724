package io.ferstream.local;

import io.ferstream.config.cli.CommandLines;
import io.ferstream.config.cli.DurationConverter;
import io.ferstream.inference.model.ModelsDirectory;
import io.ferstream.ingest.camera.CameraProducer;
import io.ferstream.ingest.gate.FrameGate;
import io.ferstream.ingest.gate.GateConfig;
import io.ferstream.processor.config.JobConfig;
import io.ferstream.processor.job.FerStreamJob;
import io.ferstream.registry.AvroDeserializer;
import io.ferstream.registry.RegistryConfig;
import io.ferstream.schema.ExpressionEvent;
import io.ferstream.schema.ExpressionSummary;
import io.ferstream.schema.FrameRejected;
import io.ferstream.stack.EmbeddedStack;
import io.ferstream.stack.StopSignals;
import io.ferstream.topics.Topics;
import io.ferstream.viewer.ViewerConfig;
import io.ferstream.viewer.ViewerServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.FileUtils;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The whole pipeline on one machine, on real components: a KRaft broker and the schema registry
 * ({@link EmbeddedStack}), the frame gate (Kafka Streams), the FerStream job on a Flink local
 * cluster with its web UI, and a demo camera replaying the bundled face photos in real time. Prints
 * expression events and dead letters as consumers see them (read_committed), and stops everything
 * cleanly on Ctrl-C.
 */
@Command(
        name = "ferstream-local",
        mixinStandardHelpOptions = true,
        description = "Runs broker, registry, frame gate, Flink job and a demo camera locally.")
public final class LocalPipeline implements java.util.concurrent.Callable<Integer> {

    @Option(
            names = "--flink-port",
            defaultValue = "8081",
            description = "Flink web UI port (default ${DEFAULT-VALUE})")
    int flinkPort;

    @Option(
            names = "--registry-port",
            defaultValue = "8085",
            description = "schema registry port (default ${DEFAULT-VALUE})")
    int registryPort;

    @Option(
            names = "--gate-port",
            defaultValue = "8090",
            description = "frame gate status port (default ${DEFAULT-VALUE})")
    int gatePort;

    @Option(
            names = "--prometheus-port",
            defaultValue = "9249",
            description = "Prometheus metrics port (default ${DEFAULT-VALUE})")
    int prometheusPort;

    @Option(
            names = "--viewer-port",
            defaultValue = "8070",
            description = "viewer port on 127.0.0.1; -1: no viewer (default ${DEFAULT-VALUE})")
    int viewerPort;

    @Option(
            names = "--show-faces",
            description = "the viewer shows faces unblurred (default: blurred)")
    boolean showFaces;

    @Option(
            names = "--classifier",
            defaultValue = "face-api/face_expression.json",
            description =
                    "expression model descriptor under models/ (e.g. lnlj/lnlj.json; default"
                            + " ${DEFAULT-VALUE})")
    String classifier;

    @Option(
            names = "--run-for",
            converter = DurationConverter.class,
            description = "stop by itself after this long (e.g. 60s); default: until Ctrl-C")
    Duration runFor;

    private static final long STOP_WAIT_SECONDS = 15;

    private final AtomicBoolean running = new AtomicBoolean(true);

    public static void main(String[] args) {
        System.exit(CommandLines.execute(new CommandLine(new LocalPipeline()), args));
    }

    @Override
    public Integer call() throws Exception {
        Path work = Files.createTempDirectory("ferstream-local");
        Path models = ModelsDirectory.locate();
        CountDownLatch stopped = new CountDownLatch(1);
        List<AutoCloseable> toClose = new ArrayList<>();
        StopSignals.install(() -> running.set(false));
        // Other ways the JVM may end (SIGHUP, System.exit elsewhere) still ask for the orderly
        // stop, though
        // there it races Kafka's own shutdown hooks (see StopSignals); after a normal stop this
        // returns at once.
        Runtime.getRuntime()
                .addShutdownHook(
                        new Thread(
                                () -> {
                                    running.set(false);
                                    try {
                                        stopped.await();
                                    } catch (InterruptedException e) {
                                        Thread.currentThread().interrupt();
                                    }
                                },
                                "ferstream-local-shutdown"));

        ExecutorService threads = Executors.newCachedThreadPool();
        try {
            EmbeddedStack stack =
                    EmbeddedStack.start(
                            EmbeddedStack.Options.defaults()
                                    .withRegistryPort(registryPort)
                                    .withPartitions(2, 1));
            toClose.add(0, stack);
            RegistryConfig registry = RegistryConfig.of(stack.registryUrl());

            FrameGate gate =
                    new FrameGate(
                            GateConfig.builder(stack.bootstrapServers(), registry)
                                    .httpPort(gatePort)
                                    .stateDir(work.resolve("gate-state").toString())
                                    .build());
            gate.start();
            toClose.add(0, gate);

            JobClient job = startJob(stack, models);
            toClose.add(0, () -> job.cancel().get());

            CameraProducer lobby =
                    new CameraProducer(
                            DemoCameras.camera(
                                    "lobby",
                                    DemoCameras.slideshow(models.resolve("fixtures"), work),
                                    stack.bootstrapServers(),
                                    Topics.FRAMES_RAW,
                                    registry));
            Future<?> camera = threads.submit(lobby::run);
            // On stop, close() only asks the camera to stop; wait until it has flushed and closed
            // its producer.
            toClose.add(
                    0,
                    () -> {
                        lobby.close();
                        camera.get(STOP_WAIT_SECONDS, TimeUnit.SECONDS);
                    });
            ViewerServer viewer = viewerPort < 0 ? null : startViewer(stack);
            if (viewer != null) {
                // Before the broker goes: its consumer leaves cleanly.
                toClose.add(0, viewer);
            }
            Future<?> printer = threads.submit(() -> printEvents(stack));
            // The printer ends by itself once running is false; its consumer must leave before the
            // broker goes.
            toClose.add(0, () -> printer.get(STOP_WAIT_SECONDS, TimeUnit.SECONDS));

            System.out.printf(
                    "%n  FerStream is running locally%n    Kafka bootstrap     %s%n    schema"
                        + " registry     %s%n    Flink web UI        http://localhost:%d%n   "
                        + " Prometheus metrics  http://localhost:%d/metrics%n    frame gate status "
                        + "  http://localhost:%d/cameras%n    viewer              %s%n    demo"
                        + " camera         'lobby': %s at %.0f fps -> %s%n  Expression events"
                        + " appear below as each checkpoint commits them. Ctrl-C stops.%n%n",
                    stack.bootstrapServers(),
                    stack.registryUrl(),
                    flinkPort,
                    prometheusPort,
                    gatePort,
                    viewer == null
                            ? "off (--viewer-port -1)"
                            : viewer.url()
                                    + (showFaces ? "  (faces NOT blurred)" : "  (faces blurred)"),
                    "bundled face photos as a slideshow",
                    DemoCameras.FPS,
                    Topics.FRAMES_RAW);

            long deadline = runFor == null ? Long.MAX_VALUE : System.nanoTime() + runFor.toNanos();
            while (running.get() && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
            running.set(false);
            System.out.println(
                    "\n"
                            + "  stopping: viewer, demo camera, Flink job, frame gate, broker and"
                            + " registry ...");
            return 0;
        } finally {
            long stopStart = System.nanoTime();
            for (AutoCloseable c : toClose) {
                try {
                    c.close();
                } catch (Exception e) {
                    System.err.println("  while stopping: " + e);
                }
            }
            threads.shutdownNow();
            deleteRecursively(work);
            System.out.printf("  stopped in %.1f s%n", (System.nanoTime() - stopStart) / 1e9);
            stopped.countDown();
        }
    }

    /**
     * The viewer on 127.0.0.1, reading this stack's topics and the local cluster's REST API. A
     * frame is shown once the job has committed it (checkpoints every 2 s here), so its faces are
     * known and blurred.
     */
    private ViewerServer startViewer(EmbeddedStack stack) throws IOException {
        return ViewerServer.start(
                ViewerConfig.builder(
                                stack.bootstrapServers(), RegistryConfig.of(stack.registryUrl()))
                        .bind(ViewerConfig.DEFAULT_BIND, viewerPort)
                        .showFaces(showFaces)
                        .flink("http://localhost:" + flinkPort, null)
                        .build());
    }

    private JobClient startJob(EmbeddedStack stack, Path models) throws Exception {
        Map<String, String> settings = new HashMap<>();
        settings.put("kafka.bootstrap.servers", stack.bootstrapServers());
        settings.put("schema.registry.url", stack.registryUrl());
        settings.put("models.dir", models.toString());
        settings.put("models.classifier", classifier);
        settings.put("mode", "live");
        settings.put("checkpoint.interval", "2s");
        settings.put(
                "sink.transactional-id-prefix",
                "ferstream-local-" + UUID.randomUUID().toString().substring(0, 8));
        settings.put("tracking.update-period", "5s");
        settings.put("parallelism", "2");

        Configuration flink = new Configuration();
        flink.set(RestOptions.PORT, flinkPort);
        flink.setString(
                "metrics.reporter.prom.factory.class",
                "org.apache.flink.metrics.prometheus.PrometheusReporterFactory");
        flink.setString("metrics.reporter.prom.port", Integer.toString(prometheusPort));
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.createLocalEnvironmentWithWebUI(flink);
        return FerStreamJob.fromConfig(JobConfig.fromMap(settings))
                .executeAsync(env, "ferstream-local");
    }

    private static void deleteRecursively(Path dir) {
        try {
            FileUtils.deleteDirectory(dir.toFile());
        } catch (IOException e) {
            System.err.println("  could not delete " + dir + ": " + e);
        }
    }

    /** A read_committed consumer, as any downstream service of expression-events should be. */
    private Void printEvents(EmbeddedStack stack) {
        Properties props = new Properties();
        props.putAll(stack.clientProperties());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "ferstream-local-printer");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        RegistryConfig registry = RegistryConfig.of(stack.registryUrl());
        try (KafkaConsumer<String, Object> consumer =
                new KafkaConsumer<>(
                        props, new StringDeserializer(), new EventOrDeadLetter(registry))) {
            consumer.subscribe(
                    List.of(
                            Topics.EXPRESSION_EVENTS,
                            Topics.EXPRESSION_SUMMARIES,
                            Topics.FRAMES_DLQ));
            while (running.get()) {
                consumer.poll(Duration.ofMillis(500))
                        .forEach(r -> System.out.println(EventPrinter.line(r.value())));
            }
        }
        return null;
    }

    /** Reads each topic with the right reader schema. */
    private static final class EventOrDeadLetter
            implements org.apache.kafka.common.serialization.Deserializer<Object> {
        private final AvroDeserializer<ExpressionEvent> events;
        private final AvroDeserializer<ExpressionSummary> summaries;
        private final AvroDeserializer<FrameRejected> deadLetters;

        EventOrDeadLetter(RegistryConfig registry) {
            events = new AvroDeserializer<>(ExpressionEvent.class, registry);
            summaries = new AvroDeserializer<>(ExpressionSummary.class, registry);
            deadLetters = new AvroDeserializer<>(FrameRejected.class, registry);
        }

        @Override
        public Object deserialize(String topic, byte[] data) {
            return switch (topic) {
                case Topics.FRAMES_DLQ -> deadLetters.deserialize(topic, data);
                case Topics.EXPRESSION_SUMMARIES -> summaries.deserialize(topic, data);
                default -> events.deserialize(topic, data);
            };
        }

        @Override
        public void close() {
            events.close();
            summaries.close();
            deadLetters.close();
        }
    }
}
