package io.ferstream.ingest.gate;

import io.ferstream.kafka.KafkaAccessCheck;
import io.ferstream.kafka.KafkaAccessException;
import io.ferstream.registry.AvroDeserializer;
import io.ferstream.registry.AvroSerializer;
import io.ferstream.schema.CameraFrame;
import io.ferstream.schema.FrameRejected;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.Stores;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The frame gate: a Kafka Streams app from {@code frames.raw} to {@code frames} (accepted, same
 * bytes) and {@code frames.dlq} (rejections), with per-camera status in a store, a compacted status
 * topic and an HTTP endpoint. {@link #buildTopology} and {@link #streamsConfig} are public so tests
 * run the topology without a broker; {@link FrameGateCli} only parses arguments.
 */
public final class FrameGate implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(FrameGate.class);

    public static final String SOURCE = "frames-raw-source";
    public static final String PROCESSOR = "frame-gate";
    public static final String ACCEPTED_SINK = "frames-sink";
    public static final String DLQ_SINK = "frames-dlq-sink";
    public static final String STATUS_SINK = "camera-status-sink";

    /** Capture time (epoch millis) of each camera's last accepted frame. */
    public static final String THROTTLE_STORE = "camera-throttle";

    /** {@link CameraStatus} per camera id; queryable. */
    public static final String STATUS_STORE = "camera-status";

    /** Room for the Avro envelope and record overhead around the largest image. */
    private static final int RECORD_OVERHEAD_BYTES = 64 * 1024;

    /** How long Kafka has to answer the check at start. */
    private static final Duration ACCESS_CHECK_TIMEOUT = Duration.ofSeconds(30);

    private final GateConfig config;
    private KafkaStreams streams;
    private CameraStatusHttpServer http;

    public FrameGate(GateConfig config) {
        this.config = Objects.requireNonNull(config, "config");
    }

    /** The topology with serdes built from {@code config.registry()}. */
    public static Topology buildTopology(GateConfig config) {
        return buildTopology(
                config,
                new AvroDeserializer<>(CameraFrame.class, config.registry()),
                new AvroSerializer<>(config.registry()));
    }

    /**
     * @param frameDeserializer decodes {@code CameraFrame} values inside the processor, per record
     * @param rejectedSerializer writes {@code FrameRejected} values to the dead-letter topic
     */
    public static Topology buildTopology(
            GateConfig config,
            Deserializer<CameraFrame> frameDeserializer,
            Serializer<FrameRejected> rejectedSerializer) {
        Serde<CameraStatus> statusSerde = new CameraStatusSerde();
        Topology topology = new Topology();
        // Raw bytes in: a record that does not decode must become a dead letter, not a crashed
        // thread.
        topology.addSource(
                SOURCE,
                new ByteArrayDeserializer(),
                new ByteArrayDeserializer(),
                config.inputTopic());
        topology.addProcessor(
                PROCESSOR, () -> new FrameGateProcessor(config, frameDeserializer), SOURCE);
        topology.addStateStore(
                Stores.keyValueStoreBuilder(
                        Stores.persistentKeyValueStore(THROTTLE_STORE),
                        Serdes.String(),
                        Serdes.Long()),
                PROCESSOR);
        topology.addStateStore(
                Stores.keyValueStoreBuilder(
                        Stores.persistentKeyValueStore(STATUS_STORE), Serdes.String(), statusSerde),
                PROCESSOR);
        topology.addSink(
                ACCEPTED_SINK,
                config.outputTopic(),
                new ByteArraySerializer(),
                new ByteArraySerializer(),
                PROCESSOR);
        topology.addSink(
                DLQ_SINK, config.dlqTopic(), new StringSerializer(), rejectedSerializer, PROCESSOR);
        topology.addSink(
                STATUS_SINK,
                config.statusTopic(),
                new StringSerializer(),
                statusSerde.serializer(),
                PROCESSOR);
        return topology;
    }

    /** Kafka Streams properties: the config's choices first, then the user's overrides on top. */
    public static Properties streamsConfig(GateConfig config) {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, config.applicationId());
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        props.put(
                StreamsConfig.PROCESSING_GUARANTEE_CONFIG, config.processingMode().streamsValue());
        props.put(
                StreamsConfig.DEFAULT_KEY_SERDE_CLASS_CONFIG,
                Serdes.ByteArraySerde.class.getName());
        props.put(
                StreamsConfig.DEFAULT_VALUE_SERDE_CLASS_CONFIG,
                Serdes.ByteArraySerde.class.getName());
        if (config.stateDir() != null) {
            props.put(StreamsConfig.STATE_DIR_CONFIG, config.stateDir());
        }
        int maxRecord =
                (int)
                                Math.min(
                                        Integer.MAX_VALUE - RECORD_OVERHEAD_BYTES,
                                        config.rules().images().maxBytes())
                        + RECORD_OVERHEAD_BYTES;
        // Frames are JPEG: compressing them again costs CPU for nothing.
        props.put(StreamsConfig.producerPrefix(ProducerConfig.COMPRESSION_TYPE_CONFIG), "none");
        props.put(
                StreamsConfig.producerPrefix(ProducerConfig.MAX_REQUEST_SIZE_CONFIG),
                Integer.toString(maxRecord));
        props.put(
                StreamsConfig.consumerPrefix(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG),
                Integer.toString(maxRecord));
        props.putAll(config.streamsOverrides());
        return props;
    }

    /**
     * Checks that Kafka accepts the gate's credentials and topics ({@link KafkaAccessCheck}), then
     * starts Kafka Streams and, unless disabled, the status endpoint; returns at once.
     *
     * @throws KafkaAccessException when Kafka cannot be used as configured
     */
    public synchronized void start() {
        if (streams != null) {
            throw new IllegalStateException("gate already started");
        }
        LOG.info("starting frame gate: {}", config);
        Map<String, Object> client = new HashMap<>(config.streamsOverrides());
        client.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        KafkaAccessCheck.verify(
                "the frame gate",
                client,
                List.of(
                        config.inputTopic(),
                        config.outputTopic(),
                        config.dlqTopic(),
                        config.statusTopic()),
                ACCESS_CHECK_TIMEOUT);
        streams = new KafkaStreams(buildTopology(config), streamsConfig(config));
        streams.setUncaughtExceptionHandler(FrameGate::onStreamThreadFailure);
        streams.start();
        if (config.httpPort() >= 0) {
            try {
                http =
                        new CameraStatusHttpServer(
                                statusView(),
                                this::prometheusText,
                                new InetSocketAddress(config.httpPort()));
            } catch (IOException e) {
                close();
                throw new UncheckedIOException(
                        "cannot open the status endpoint on port " + config.httpPort(), e);
            }
        }
    }

    /** The gate's counters for Prometheus ({@code /metrics} on the status port). */
    private String prometheusText() {
        int cameras;
        try {
            cameras = statusView().all().size();
        } catch (RuntimeException e) { // the store is not queryable while starting or rebalancing
            cameras = 0;
        }
        return GatePrometheus.render(streams.metrics(), cameras);
    }

    /**
     * A failed task (e.g. the registry is down) restarts its thread, which reprocesses from the
     * last commit. Refused credentials or rights stop the gate instead: a new thread would only be
     * refused again, forever, while the gate looks alive.
     */
    static StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse onStreamThreadFailure(
            Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof AuthenticationException
                    || cause instanceof AuthorizationException) {
                LOG.error(
                        "Kafka refused the frame gate ({}); stopping it, since retrying cannot"
                                + " help. Check the gate's credentials and ACLs.",
                        cause.getMessage());
                return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse
                        .SHUTDOWN_CLIENT;
            }
        }
        LOG.error("frame gate stream thread failed; replacing it", e);
        return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
    }

    /** The statuses in this instance's store (interactive queries). */
    public CameraStatusView statusView() {
        return CameraStatusView.of(
                () ->
                        streams.store(
                                StoreQueryParameters.fromNameAndType(
                                        STATUS_STORE,
                                        QueryableStoreTypes
                                                .<String, CameraStatus>keyValueStore())));
    }

    /** Port of the status endpoint, or -1 when it is off or not started. */
    public int statusPort() {
        return http == null ? -1 : http.port();
    }

    public KafkaStreams.State state() {
        return streams == null ? KafkaStreams.State.CREATED : streams.state();
    }

    @Override
    public synchronized void close() {
        if (http != null) {
            http.close();
            http = null;
        }
        if (streams != null) {
            streams.close(Duration.ofSeconds(30));
            streams = null;
        }
    }

    public static void main(String[] args) {
        System.exit(FrameGateCli.execute(args));
    }
}
