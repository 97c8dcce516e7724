package io.ferstream.ingest.camera;

import io.ferstream.kafka.KafkaAccessCheck;
import io.ferstream.kafka.KafkaAccessException;
import io.ferstream.registry.AvroSerdeException;
import io.ferstream.registry.AvroSerializer;
import io.ferstream.registry.RegistryUnavailableException;
import io.ferstream.registry.SchemaRegistryClient;
import io.ferstream.schema.CameraFrame;
import io.ferstream.schema.SourceMetadata;
import io.ferstream.topics.Topics;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a camera-like source and produces {@code CameraFrame} records (key = camera id) to {@code
 * frames.raw}. {@link #run()} checks the broker and registry with bounded requests, opens the
 * source, then sends until the source ends or {@link #close()} is called. {@link CameraCli} only
 * parses arguments into a {@link CameraProducerConfig}.
 */
public final class CameraProducer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CameraProducer.class);

    /** Live counters, read by the progress line while {@link #run()} works. */
    public static final class Stats {
        final AtomicLong sent = new AtomicLong();
        final AtomicLong acked = new AtomicLong();
        final AtomicLong failed = new AtomicLong();
        final AtomicLong bytes = new AtomicLong();

        public long sent() {
            return sent.get();
        }

        public long acked() {
            return acked.get();
        }

        public long failed() {
            return failed.get();
        }

        public long bytes() {
            return bytes.get();
        }

        /** Records handed to the producer and not yet acknowledged by the broker. */
        public long lag() {
            return sent.get() - acked.get() - failed.get();
        }
    }

    /** What a run did. */
    public record Summary(
            long grabbed,
            long sampledOut,
            long sent,
            long acked,
            long failed,
            long bytes,
            Duration elapsed,
            int reconnects,
            String firstError) {
        public double framesPerSecond() {
            return elapsed.toNanos() == 0 ? 0 : acked * 1e9 / elapsed.toNanos();
        }
    }

    private final CameraProducerConfig config;
    private final Clock clock;
    private final Stats stats = new Stats();
    private final AtomicReference<String> firstError = new AtomicReference<>();
    private volatile boolean stopping;
    private FrameSource pipelineSource;

    public CameraProducer(CameraProducerConfig config) {
        this(config, Clock.systemUTC());
    }

    public CameraProducer(CameraProducerConfig config, Clock clock) {
        this.config = Objects.requireNonNull(config, "config");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public Stats stats() {
        return stats;
    }

    /**
     * Runs until the source ends (files without loop) or {@link #close()}; throws {@link
     * StartupException} for unusable setups.
     */
    public Summary run() throws InterruptedException {
        long started = System.nanoTime();
        checkBroker();
        // The client that found the schema's id serializes the frames: its cache is warm.
        SchemaRegistryClient registry = waitForRegistry();
        Map<String, Object> props = producerProperties();
        try (FramePipeline pipeline = pipeline();
                KafkaProducer<String, CameraFrame> producer =
                        new KafkaProducer<>(
                                props,
                                new StringSerializer(),
                                new AvroSerializer<CameraFrame>(registry, false))) {
            try {
                pipeline.open();
            } catch (SourceException e) {
                throw new StartupException(StartupException.SOURCE_UNREADABLE, e.getMessage());
            }
            LOG.info("producing {}", config);
            try {
                CameraFrame frame;
                while (!stopping && (frame = pipeline.next()) != null) {
                    int size = frame.getImage().remaining();
                    stats.sent.incrementAndGet();
                    producer.send(
                            new ProducerRecord<>(config.topic(), config.cameraId(), frame),
                            (metadata, error) -> {
                                if (error == null) {
                                    stats.acked.incrementAndGet();
                                    stats.bytes.addAndGet(size);
                                } else {
                                    stats.failed.incrementAndGet();
                                    if (firstError.compareAndSet(
                                            null,
                                            error.getClass().getSimpleName()
                                                    + ": "
                                                    + error.getMessage())) {
                                        LOG.error("sending a frame failed: {}", error.getMessage());
                                    }
                                }
                            });
                }
            } catch (SourceException e) {
                firstError.compareAndSet(null, e.getMessage());
                LOG.error("source failed: {}", e.getMessage());
            } finally {
                producer.flush();
            }
            int reconnects = pipelineSource instanceof ReconnectingSource r ? r.reconnects() : 0;
            return new Summary(
                    pipeline.grabbed(),
                    pipeline.sampledOut(),
                    stats.sent(),
                    stats.acked(),
                    stats.failed(),
                    stats.bytes(),
                    Duration.ofNanos(System.nanoTime() - started),
                    reconnects,
                    firstError.get());
        }
    }

    private FramePipeline pipeline() {
        pipelineSource = openSource();
        SourceMetadata metadata =
                SourceMetadata.newBuilder()
                        .setSourceUri(config.source().displayName())
                        .setProducerId(config.producerId())
                        .build();
        Pacer pacer = config.realtime() && !config.source().live() ? Pacer.system() : null;
        return new FramePipeline(
                pipelineSource,
                new FpsSampler(config.targetFps()),
                pacer,
                new FrameEncoder(config.maxDimension(), config.jpegQuality()),
                config.cameraId(),
                config.firstSequence(),
                metadata);
    }

    private FrameSource openSource() {
        SourceSpec spec = config.source();
        if (spec.kind() == SourceKind.IMAGES) {
            return new ImageFolderSource(spec, config.sourceOptions(), clock);
        }
        if (!spec.live()) {
            return new GrabberSource(spec, config.sourceOptions(), clock);
        }
        Backoff backoff =
                new Backoff(
                        config.reconnectInitialDelay(),
                        config.reconnectMaxDelay(),
                        config.maxReconnects());
        return new ReconnectingSource(
                spec.displayName(),
                () -> new GrabberSource(spec, config.sourceOptions(), clock),
                backoff,
                this::sleepUnlessStopping);
    }

    /**
     * Backoff sleeps in short steps so {@link #close()} is not held up by a long reconnect delay.
     */
    private void sleepUnlessStopping(Duration duration) throws InterruptedException {
        long end = System.nanoTime() + duration.toNanos();
        while (!stopping && System.nanoTime() < end) {
            Thread.sleep(Math.min(100, Math.max(1, (end - System.nanoTime()) / 1_000_000)));
        }
    }

    Map<String, Object> producerProperties() {
        Map<String, Object> props = new HashMap<>();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "none"); // JPEG does not compress further
        props.put(
                ProducerConfig.MAX_REQUEST_SIZE_CONFIG,
                Integer.toString(Topics.MAX_FRAME_BYTES + 64 * 1024));
        props.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        props.put(ProducerConfig.CLIENT_ID_CONFIG, "ferstream-camera-" + config.cameraId());
        props.putAll(config.producerProperties());
        return props;
    }

    private void checkBroker() {
        Map<String, Object> props = new HashMap<>(config.producerProperties());
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        try {
            KafkaAccessCheck.verify(
                    "the camera", props, List.of(config.topic()), config.startupTimeout());
        } catch (KafkaAccessException e) {
            throw new StartupException(StartupException.BROKER_UNREACHABLE, e.getMessage());
        }
    }

    /**
     * Checks the registry serves the camera's subject. While no registry instance answers (a
     * restart, an outage), it asks again until {@code --startup-timeout} has passed: a camera
     * started in an outage waits for the registry instead of exiting. Any other answer (an
     * incompatible schema, a refused password) fails at once. Returns the client, with the schema's
     * id cached, for the caller to serialize with and close.
     */
    private SchemaRegistryClient waitForRegistry() throws InterruptedException {
        String subject = AvroSerializer.subject(config.topic(), false);
        long deadline = System.nanoTime() + config.startupTimeout().toNanos();
        boolean told = false;
        SchemaRegistryClient client = new SchemaRegistryClient(config.registry());
        try {
            while (true) {
                try {
                    if (config.registry().autoRegister()) {
                        client.register(subject, CameraFrame.getClassSchema());
                    } else {
                        client.lookup(subject, CameraFrame.getClassSchema());
                    }
                    return client;
                } catch (RegistryUnavailableException e) {
                    if (System.nanoTime() > deadline || stopping) {
                        throw cannotServe(subject, e);
                    }
                    if (!told) {
                        LOG.warn(
                                "{}: no schema registry answers yet; asking again until"
                                        + " --startup-timeout ({}) has passed",
                                config.cameraId(),
                                config.startupTimeout());
                        told = true;
                    }
                    sleepUnlessStopping(Duration.ofSeconds(1));
                } catch (AvroSerdeException e) {
                    throw cannotServe(subject, e);
                }
            }
        } catch (InterruptedException | RuntimeException e) {
            client.close();
            throw e;
        }
    }

    private StartupException cannotServe(String subject, AvroSerdeException e) {
        return new StartupException(
                StartupException.REGISTRY_UNREACHABLE,
                "schema registry "
                        + String.join(",", config.registry().urls())
                        + " cannot serve subject "
                        + subject
                        + ": "
                        + e.getMessage());
    }

    /**
     * Stops the run after the current frame; the producer is flushed and closed by {@link #run()}.
     */
    @Override
    public void close() {
        stopping = true;
    }
}
