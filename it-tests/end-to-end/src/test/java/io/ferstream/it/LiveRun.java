package io.ferstream.it;

import static io.ferstream.it.PipelineFixtures.GRACE;
import static io.ferstream.it.PipelineFixtures.GROUP;
import static io.ferstream.it.PipelineFixtures.bytes;
import static io.ferstream.it.PipelineFixtures.fixture;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ferstream.processor.config.JobConfig;
import io.ferstream.processor.job.FerStreamJob;
import io.ferstream.registry.AvroDeserializer;
import io.ferstream.registry.RegistryConfig;
import io.ferstream.schema.CameraFrame;
import io.ferstream.schema.ExpressionEvent;
import io.ferstream.schema.ExpressionEventType;
import io.ferstream.schema.ImageEncoding;
import io.ferstream.stack.EmbeddedStack;
import io.ferstream.stack.KafkaTestSupport;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * A live run for fault tests: two cameras produce in real time (capture time = now) while the job
 * runs in live mode on a MiniCluster of its own; a fault strikes at a chosen moment; the committed
 * events are then compared with those of the same job replaying the same frames undisturbed.
 */
final class LiveRun {

    /** How to reach Kafka and the registry. */
    record Cluster(Map<String, Object> clientProperties, String bootstrap, String registryUrl) {
        static Cluster of(EmbeddedStack stack) {
            return new Cluster(
                    stack.clientProperties(), stack.bootstrapServers(), stack.registryUrl());
        }
    }

    /** Something done to the system at a moment of the run. */
    @FunctionalInterface
    interface Fault {
        void strike() throws Exception;
    }

    static final Duration TICK = Duration.ofMillis(200); // 5 fps per camera
    static final int TICKS = 100; // 20 s of faces coming and going
    static final int EMPTY_TAIL = 12; // then 2.4 s of empty scenes: every track ends
    static final int FAULT_AT_TICK = 40;

    private LiveRun() {}

    /**
     * Job settings for live mode, with checkpoints and restarts quick enough for a test, and a
     * freshness bound (1 s) shorter than a restart takes to read its rewind window again (up to 2 s
     * after capture here): judged by the clock at reading, re-read frames would be skipped as stale
     * and the tracks around the failure would differ from the undisturbed run's.
     */
    static Map<String, String> liveConfig(Cluster c, String frames, String events, String dlq) {
        Map<String, String> m =
                new HashMap<>(
                        PipelineFixtures.jobConfig(
                                c.bootstrap(), c.registryUrl(), frames, events, dlq));
        m.put("mode", "live");
        m.put("source.bounded", "false");
        m.put("checkpoint.interval", "1s");
        m.put("restart.delay", "1s");
        m.put("live.max-lag", "1s");
        m.put("tracking.max-camera-skew", "1s");
        return m;
    }

    static MiniCluster miniCluster(int taskManagers) {
        Configuration conf = new Configuration();
        conf.set(RestOptions.BIND_PORT, "0");
        return new MiniCluster(
                new MiniClusterConfiguration.Builder()
                        .setConfiguration(conf)
                        .setNumTaskManagers(taskManagers)
                        .setNumSlotsPerTaskManager(1)
                        .build());
    }

    static JobID submit(MiniCluster flink, Map<String, String> config) throws Exception {
        return submit(flink, FerStreamJob.fromConfig(JobConfig.fromMap(config)));
    }

    static JobID submit(MiniCluster flink, FerStreamJob job) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        job.build(env);
        return flink.submitJob(env.getStreamGraph()).get(30, TimeUnit.SECONDS).getJobID();
    }

    static void waitUntilRunning(MiniCluster flink, JobID job) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (flink.getJobStatus(job).get() != JobStatus.RUNNING) {
            assertTrue(System.nanoTime() < deadline, "the job did not start within 60 s");
            Thread.sleep(100);
        }
        Thread.sleep(2_000); // sessions loaded, the source assigned its partitions
    }

    /**
     * Produces both cameras' frames in real time and strikes {@code fault} at {@link
     * #FAULT_AT_TICK}; returns when the fault struck (epoch millis). Grace's face is there 3 s of
     * every 5, the group's three faces 6 s of every 8; an empty scene stands in when a face is
     * gone, and at the end, so that every track ends by its camera's own frames.
     */
    static long produceInRealTime(Cluster c, String topic, Fault fault) throws Exception {
        byte[] grace = bytes(GRACE);
        byte[] group = bytes(GROUP);
        byte[] empty = bytes(fixture("640px-IceBlockNearJoekullsarlon.jpg"));
        Map<String, Object> props = new HashMap<>(c.clientProperties());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 8 * 1024 * 1024);
        long struckAt = 0;
        try (var writer = new PipelineFixtures.FrameWriter(c.registryUrl(), topic);
                KafkaProducer<byte[], byte[]> producer =
                        new KafkaProducer<>(
                                props, new ByteArraySerializer(), new ByteArraySerializer())) {
            long start = System.nanoTime();
            for (int tick = 0; tick < TICKS + EMPTY_TAIL; tick++) {
                long wait = start + tick * TICK.toNanos() - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
                Instant now = Instant.now();
                boolean tail = tick >= TICKS;
                producer.send(
                        writer.record(
                                !tail && tick % 25 < 15
                                        ? frame("grace", tick, now, grace, 512, 512)
                                        : frame("grace", tick, now, empty, 640, 427)));
                producer.send(
                        writer.record(
                                !tail && tick % 40 < 30
                                        ? frame("group", tick, now, group, 1920, 1280)
                                        : frame("group", tick, now, empty, 640, 427)));
                if (tick == FAULT_AT_TICK) {
                    producer.flush();
                    struckAt = System.currentTimeMillis();
                    fault.strike();
                }
            }
            producer.flush();
        }
        return struckAt;
    }

    private static CameraFrame frame(
            String camera, long sequence, Instant capture, byte[] image, int width, int height) {
        return CameraFrame.newBuilder()
                .setCameraId(camera)
                .setSequence(sequence)
                .setCaptureTime(capture)
                .setWidth(width)
                .setHeight(height)
                .setEncoding(ImageEncoding.JPEG)
                .setImage(ByteBuffer.wrap(image))
                .build();
    }

    /** Waits until every committed track has ended and nothing new arrived for 5 s. */
    static void waitForAllTracksToEnd(CommittedReader reader, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        int seen = -1;
        long stableSince = System.nanoTime();
        while (System.nanoTime() < deadline) {
            List<ExpressionEvent> now = reader.events();
            long started = count(now, ExpressionEventType.TRACK_STARTED);
            if (now.size() != seen) {
                seen = now.size();
                stableSince = System.nanoTime();
            } else if (started > 0
                    && started == count(now, ExpressionEventType.TRACK_ENDED)
                    && System.nanoTime() - stableSince > TimeUnit.SECONDS.toNanos(5)) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError(
                "the tracks did not all end within " + timeout + ": " + reader.events());
    }

    private static long count(List<ExpressionEvent> events, ExpressionEventType type) {
        return events.stream().filter(e -> e.getType() == type).count();
    }

    /**
     * The events of the same job replaying {@code frames} without a failure, into {@code events}.
     */
    static List<ExpressionEvent> undisturbed(
            MiniCluster flink, Cluster c, String frames, String events, String dlq)
            throws Exception {
        Map<String, String> replay = liveConfig(c, frames, events, dlq);
        replay.put("mode", "replay");
        replay.put("source.bounded", "true");
        JobID reference = submit(flink, replay);
        flink.requestJobResult(reference).get(120, TimeUnit.SECONDS);
        return KafkaTestSupport.consumeCommitted(
                c.clientProperties(), events, deserializer(c.registryUrl()));
    }

    /**
     * The events after a fault are those of the undisturbed run: none missing, none extra or twice.
     */
    static void assertSameEvents(List<String> undisturbed, List<String> afterFault) {
        assertTrue(undisturbed.size() >= 20, "tracks of both cameras: " + undisturbed);
        assertEquals(
                new HashSet<>(afterFault).size(), afterFault.size(), "no duplicate: " + afterFault);
        assertEquals(undisturbed, afterFault);
    }

    static List<String> canonical(List<ExpressionEvent> events) {
        return events.stream().map(PipelineFixtures::canonical).sorted().toList();
    }

    static AvroDeserializer<ExpressionEvent> deserializer(String registryUrl) {
        return new AvroDeserializer<>(ExpressionEvent.class, RegistryConfig.of(registryUrl));
    }

    /**
     * A read_committed consumer of the events topic in the background, as a downstream service
     * would be, noting when each event became visible.
     */
    static final class CommittedReader implements AutoCloseable {
        private final List<ExpressionEvent> events = new ArrayList<>();
        private final Map<String, Long> visibleAt = new ConcurrentHashMap<>();
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final CompletableFuture<Void> loop;

        CommittedReader(Cluster c, String topic) {
            loop =
                    CompletableFuture.runAsync(
                            () -> {
                                try (var consumer =
                                        KafkaTestSupport.committedConsumer(
                                                c.clientProperties(),
                                                topic,
                                                deserializer(c.registryUrl()))) {
                                    while (running.get()) {
                                        for (var record : consumer.poll(Duration.ofMillis(100))) {
                                            visibleAt.putIfAbsent(
                                                    record.value().getEventId(),
                                                    System.currentTimeMillis());
                                            synchronized (events) {
                                                events.add(record.value());
                                            }
                                        }
                                    }
                                }
                            });
        }

        List<ExpressionEvent> events() {
            synchronized (events) {
                return List.copyOf(events);
            }
        }

        /** When {@code event} became visible (epoch millis). */
        long visibleAt(ExpressionEvent event) {
            return visibleAt.get(event.getEventId());
        }

        /** When the first event about a frame captured after {@code time} became visible. */
        long firstVisibleCapturedAfter(long time) {
            return events().stream()
                    .filter(e -> e.getEventTime().toEpochMilli() > time)
                    .mapToLong(e -> visibleAt.get(e.getEventId()))
                    .min()
                    .orElse(-1);
        }

        @Override
        public void close() throws Exception {
            running.set(false);
            loop.get(30, TimeUnit.SECONDS);
        }
    }
}
