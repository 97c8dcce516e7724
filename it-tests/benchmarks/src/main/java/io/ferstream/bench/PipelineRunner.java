package io.ferstream.bench;

import io.ferstream.config.Values;
import io.ferstream.processor.config.JobConfig;
import io.ferstream.processor.job.FerStreamJob;
import io.ferstream.registry.AvroDeserializer;
import io.ferstream.registry.AvroSerializer;
import io.ferstream.registry.RegistryConfig;
import io.ferstream.schema.CameraFrame;
import io.ferstream.schema.ExpressionEvent;
import io.ferstream.schema.ExpressionEventType;
import io.ferstream.stack.EmbeddedStack;
import io.ferstream.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.flink.api.common.JobID;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * The real path: frames produced through the registry to a fresh frames topic, the FerStream job
 * (Kafka source, checkpointing, exactly-once sink) on the {@link BenchCluster}, committed events
 * read back with read_committed.
 */
final class PipelineRunner {

    /** One replay measurement. */
    record Throughput(
            int frames,
            double seconds,
            long events,
            long deadLetters,
            BatchStats detector,
            BatchStats classifier,
            double[] decode) {
        double framesPerSecond() {
            return frames / seconds;
        }

        double facesPerSecond() {
            return classifier.items() / seconds;
        }
    }

    /** The live measurement: produced-to-visible latencies of events caused by a frame, in ms. */
    record Latency(
            int framesProduced,
            long eventsMeasured,
            long eventsTotal,
            double[] sortedMillis,
            long framesAnalysed,
            long faces,
            double seconds) {
        double percentile(double p) {
            if (sortedMillis.length == 0) {
                return Double.NaN;
            }
            int index = (int) Math.ceil(p / 100.0 * sortedMillis.length) - 1;
            return sortedMillis[Math.max(0, Math.min(sortedMillis.length - 1, index))];
        }
    }

    private final EmbeddedStack stack;
    private final BenchCluster cluster;
    private final BenchWorkload workload;
    private final Map<String, String> jobSettings;

    /**
     * @param jobSettings job keys on top of the benchmark's (analysis.capacity, inference.*,
     *     parallelism...)
     */
    PipelineRunner(
            EmbeddedStack stack,
            BenchCluster cluster,
            BenchWorkload workload,
            Map<String, String> jobSettings) {
        this.stack = stack;
        this.cluster = cluster;
        this.workload = workload;
        this.jobSettings = Map.copyOf(jobSettings);
    }

    /**
     * The job configuration the benchmark runs (also what the raw limit builds its analyzer from).
     */
    static Map<String, String> baseConfig(EmbeddedStack stack, Map<String, String> overrides) {
        Map<String, String> m = new HashMap<>();
        m.put("kafka.bootstrap.servers", stack.bootstrapServers());
        m.put("schema.registry.url", stack.registryUrl());
        m.put("source.starting-offsets", "earliest");
        m.put("checkpoint.interval", "1s");
        m.put("restart.attempts", "0");
        m.putAll(overrides);
        return m;
    }

    Throughput replay(int frames) throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String framesTopic = topic("frames-" + run, workload.cameras(), true);
        String events = topic("events-" + run, 2, false);
        String dlq = topic("dlq-" + run, 1, false);
        List<byte[]> values = new ArrayList<>(frames);
        try (AvroSerializer<CameraFrame> serializer =
                new AvroSerializer<>(RegistryConfig.of(stack.registryUrl()))) {
            for (int k = 0; k < frames; k++) {
                values.add(serializer.serialize(framesTopic, workload.replayFrame(k)));
            }
        }
        try (KafkaProducer<byte[], byte[]> producer = producer()) {
            for (int k = 0; k < frames; k++) {
                producer.send(
                        new ProducerRecord<>(
                                framesTopic, key(k % workload.cameras()), values.get(k)));
            }
            producer.flush();
        }

        Map<String, String> config = baseConfig(stack, jobSettings);
        config.putAll(
                Map.of(
                        "topics.frames",
                        framesTopic,
                        "topics.events",
                        events,
                        "topics.dlq",
                        dlq,
                        "source.group-id",
                        "bench-" + run,
                        "source.bounded",
                        "true",
                        "mode",
                        "replay",
                        "sink.transactional-id-prefix",
                        "bench-" + run));
        cluster.metrics().clear();
        var graph = graph(config);
        long start = System.nanoTime();
        JobID job = cluster.submit(graph);
        cluster.awaitSuccess(job);
        double seconds = (System.nanoTime() - start) / 1e9;

        JobMetricsCapture m = cluster.metrics();
        long eventCount = countCommitted(events);
        long deadLetters = countCommitted(dlq);
        return new Throughput(
                frames,
                seconds,
                eventCount,
                deadLetters,
                m.batcher("detector"),
                m.batcher("classifier"),
                m.decode());
    }

    /**
     * Live mode at a steady rate: each camera sends {@code fps} frames per second for {@code
     * duration}, capture time = now. Latency of an event = when a read_committed consumer first saw
     * it minus when its frame was handed to the producer. Only events a frame causes
     * (TRACK_STARTED, EXPRESSION_CHANGED) count: TRACK_ENDED waits for tracking.max-age by design.
     */
    Latency live(int cameras, int fps, Duration duration) throws Exception {
        return live(workload, cameras, fps, duration);
    }

    /**
     * As {@link #live(int, int, Duration)}, with the cameras' frames from {@code frames}; also
     * counts the frames the job analysed and the faces it classified by the end (fewer frames than
     * produced: the job fell behind).
     */
    Latency live(LiveFrames frames, int cameras, int fps, Duration duration) throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String framesTopic = topic("frames-live-" + run, cameras, true);
        String events = topic("events-live-" + run, 2, false);
        String dlq = topic("dlq-live-" + run, 1, false);
        Map<String, String> config = baseConfig(stack, jobSettings);
        config.putAll(
                Map.of(
                        "topics.frames",
                        framesTopic,
                        "topics.events",
                        events,
                        "topics.dlq",
                        dlq,
                        "source.group-id",
                        "bench-" + run,
                        "mode",
                        "live",
                        "sink.transactional-id-prefix",
                        "bench-live-" + run));
        cluster.metrics().clear();
        JobID job = cluster.submit(graph(config));
        Map<String, Long> producedAt = new ConcurrentHashMap<>();
        List<Double> latencies = java.util.Collections.synchronizedList(new ArrayList<>());
        long[] totalEvents = {0};
        AtomicBoolean reading = new AtomicBoolean(true);
        Thread reader =
                new Thread(
                        () -> {
                            try (KafkaConsumer<String, ExpressionEvent> consumer =
                                    committedConsumer(events)) {
                                while (reading.get()) {
                                    for (ConsumerRecord<String, ExpressionEvent> r :
                                            consumer.poll(Duration.ofMillis(20))) {
                                        long seen = System.currentTimeMillis();
                                        ExpressionEvent e = r.value();
                                        totalEvents[0]++;
                                        if (e.getType() != ExpressionEventType.TRACK_ENDED) {
                                            Long produced =
                                                    producedAt.get(
                                                            e.getCameraId()
                                                                    + "/"
                                                                    + e.getFrameSequence());
                                            if (produced != null) {
                                                latencies.add((double) (seen - produced));
                                            }
                                        }
                                    }
                                }
                            }
                        },
                        "latency-reader");
        int produced = 0;
        try {
            cluster.awaitRunning(job, Duration.ofSeconds(60));
            reader.start();
            try (AvroSerializer<CameraFrame> serializer =
                            new AvroSerializer<>(RegistryConfig.of(stack.registryUrl()));
                    KafkaProducer<byte[], byte[]> producer = producer()) {
                long periodNanos = 1_000_000_000L / fps;
                long start = System.nanoTime();
                long ticks = duration.toNanos() / periodNanos;
                for (long seq = 0; seq < ticks; seq++) {
                    long due = start + seq * periodNanos;
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        TimeUnit.NANOSECONDS.sleep(wait);
                    }
                    for (int c = 0; c < cameras; c++) {
                        CameraFrame frame = frames.frame(c, seq, Instant.now());
                        byte[] value = serializer.serialize(framesTopic, frame);
                        producedAt.put(frame.getCameraId() + "/" + seq, System.currentTimeMillis());
                        producer.send(new ProducerRecord<>(framesTopic, key(c), value));
                        produced++;
                    }
                }
            }
            // let the last frames pass two checkpoints before stopping
            long checkpointMillis = Values.duration(config.get("checkpoint.interval")).toMillis();
            Thread.sleep(2 * checkpointMillis + 2000);
        } finally {
            reading.set(false);
            reader.join(10_000);
            cluster.cancel(job);
        }
        double[] sorted;
        synchronized (latencies) {
            sorted = latencies.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        }
        JobMetricsCapture m = cluster.metrics();
        return new Latency(
                produced,
                sorted.length,
                totalEvents[0],
                sorted,
                (long) m.decode()[0],
                m.batcher("classifier").items(),
                duration.toMillis() / 1000.0);
    }

    private static org.apache.flink.streaming.api.graph.StreamGraph graph(
            Map<String, String> config) {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        FerStreamJob.fromConfig(JobConfig.fromMap(config)).build(env);
        return env.getStreamGraph();
    }

    private String topic(String name, int partitions, boolean frames) throws Exception {
        NewTopic topic =
                new NewTopic(name, partitions, (short) 1)
                        .configs(
                                frames
                                        ? Topics.frameTopicConfig(Duration.ofMinutes(30).toMillis())
                                        : Topics.eventTopicConfig());
        try (Admin admin = Admin.create(stack.clientProperties())) {
            admin.createTopics(Set.of(topic)).all().get(30, TimeUnit.SECONDS);
        }
        return name;
    }

    private KafkaProducer<byte[], byte[]> producer() {
        Map<String, Object> props = new HashMap<>(stack.clientProperties());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Topics.MAX_FRAME_BYTES);
        return new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
    }

    private KafkaConsumer<String, ExpressionEvent> committedConsumer(String topic) {
        Map<String, Object> props = new HashMap<>(stack.clientProperties());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "bench-reader-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        KafkaConsumer<String, ExpressionEvent> consumer =
                new KafkaConsumer<>(
                        props,
                        new StringDeserializer(),
                        new AvroDeserializer<>(
                                ExpressionEvent.class, RegistryConfig.of(stack.registryUrl())));
        consumer.subscribe(List.of(topic));
        return consumer;
    }

    /**
     * Counts what is committed in {@code topic}: the job has ended, so its end offsets are final.
     */
    private long countCommitted(String topic) {
        Map<String, Object> props = new HashMap<>(stack.clientProperties());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "bench-count-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        long count = 0;
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(
                        props,
                        new org.apache.kafka.common.serialization.ByteArrayDeserializer(),
                        new org.apache.kafka.common.serialization.ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            long quietSince = System.nanoTime();
            while (System.nanoTime() - quietSince < TimeUnit.SECONDS.toNanos(2)) {
                int n = consumer.poll(Duration.ofMillis(100)).count();
                if (n > 0) {
                    count += n;
                    quietSince = System.nanoTime();
                }
            }
        }
        return count;
    }

    private static byte[] key(int camera) {
        return BenchWorkload.cameraId(camera).getBytes(StandardCharsets.UTF_8);
    }
}
