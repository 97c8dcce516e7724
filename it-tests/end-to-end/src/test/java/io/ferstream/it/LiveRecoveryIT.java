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
import io.ferstream.stack.EmbeddedStackExtension;
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
import org.apache.flink.runtime.executiongraph.AccessExecutionGraph;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A TaskManager dies in live mode, the default, while two cameras produce in real time: the
 * committed events equal those of an undisturbed run over the same frames. Before freshness was
 * decided from the record, the restart skipped the whole rewind window as stale and lost events.
 */
@ExtendWith(EmbeddedStackExtension.class)
class LiveRecoveryIT {

    private static final Duration TICK = Duration.ofMillis(200); // 5 fps per camera
    private static final int TICKS = 100; // 20 s of faces coming and going
    private static final int EMPTY_TAIL = 12; // then 2.4 s of empty scenes: every track ends
    private static final int KILL_AT_TICK = 40;

    @Test
    void shouldCommitTheSameEventsWhenATaskManagerDiesMidStream(EmbeddedStack stack)
            throws Exception {
        // configure: two cameras whose faces come and go, a job in live mode on two TaskManagers
        String frames = KafkaTestSupport.newTopic(stack, "live-frames", 2);
        String events = KafkaTestSupport.newTopic(stack, "live-events", 2);
        String replayed = KafkaTestSupport.newTopic(stack, "replayed-events", 2);
        String dlq = KafkaTestSupport.newTopic(stack, "live-dlq", 1);
        Map<String, String> live = jobConfig(stack, frames, events, dlq);

        try (MiniCluster flink = miniCluster(2);
                CommittedReader reader = new CommittedReader(stack, events)) {
            flink.start();
            JobID job = submit(flink, live);
            waitUntilRunning(flink, job);

            // act: the cameras produce in real time; a TaskManager dies mid-stream and a
            // replacement starts, as an operator's supervisor would do
            long killedAt = produceInRealTime(stack, frames, flink);
            waitForAllTracksToEnd(reader, Duration.ofSeconds(90));
            AccessExecutionGraph graph = flink.getExecutionGraph(job).get(10, TimeUnit.SECONDS);
            flink.cancelJob(job).get(30, TimeUnit.SECONDS);

            // the undisturbed run: the same job over the same frames, without a failure
            Map<String, String> replay = jobConfig(stack, frames, replayed, dlq);
            replay.put("mode", "replay");
            replay.put("source.bounded", "true");
            JobID reference = submit(flink, replay);
            flink.requestJobResult(reference).get(120, TimeUnit.SECONDS);

            // verify
            long restarting = graph.getStatusTimestamp(JobStatus.RESTARTING);
            assertTrue(restarting > 0, "the TaskManager's death must have restarted the job");
            List<String> afterFailure = canonical(reader.events());
            List<String> undisturbed =
                    canonical(
                            KafkaTestSupport.consumeCommitted(
                                    stack, replayed, deserializer(stack)));
            assertTrue(undisturbed.size() >= 20, "tracks of both cameras: " + undisturbed);
            assertEquals(
                    new HashSet<>(afterFailure).size(),
                    afterFailure.size(),
                    "no duplicate: " + afterFailure);
            assertEquals(undisturbed, afterFailure);
            System.out.printf(
                    "[live-recovery] %d events; restarting %d ms after the kill, running again"
                            + " after %d ms; first event of a frame captured after the kill"
                            + " visible %d ms after it%n",
                    afterFailure.size(),
                    restarting - killedAt,
                    graph.getStatusTimestamp(JobStatus.RUNNING) - killedAt,
                    reader.firstVisibleCapturedAfter(killedAt) - killedAt);
        }
    }

    /**
     * Job settings for live mode, with checkpoints and restarts quick enough for a test, and a
     * freshness bound (1 s) shorter than a restart takes to read its rewind window again (here up
     * to 2 s after capture): judged by the clock at reading, re-read frames would be skipped as
     * stale and the tracks around the failure would differ from the undisturbed run's.
     */
    static Map<String, String> jobConfig(
            EmbeddedStack stack, String frames, String events, String dlq) {
        Map<String, String> m =
                new HashMap<>(PipelineFixtures.jobConfig(stack, frames, events, dlq));
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
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        FerStreamJob.fromConfig(JobConfig.fromMap(config)).build(env);
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
     * Produces both cameras' frames in real time (capture time = now), kills TaskManager 0 at
     * {@link #KILL_AT_TICK} and starts a replacement; returns when the kill happened.
     */
    private static long produceInRealTime(EmbeddedStack stack, String topic, MiniCluster flink)
            throws Exception {
        byte[] grace = bytes(GRACE);
        byte[] group = bytes(GROUP);
        byte[] empty = bytes(fixture("640px-IceBlockNearJoekullsarlon.jpg"));
        Map<String, Object> props = new HashMap<>(stack.clientProperties());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 8 * 1024 * 1024);
        long killedAt = 0;
        try (var writer = new PipelineFixtures.FrameWriter(stack, topic);
                KafkaProducer<byte[], byte[]> producer =
                        new KafkaProducer<>(
                                props, new ByteArraySerializer(), new ByteArraySerializer())) {
            long start = System.nanoTime();
            for (int tick = 0; tick < TICKS + EMPTY_TAIL; tick++) {
                long due = start + tick * TICK.toNanos();
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
                Instant now = Instant.now();
                boolean tail = tick >= TICKS;
                boolean graceThere = !tail && tick % 25 < 15;
                boolean groupThere = !tail && tick % 40 < 30;
                for (CameraFrame frame :
                        List.of(
                                graceThere
                                        ? frame("grace", tick, now, grace, 512, 512)
                                        : frame("grace", tick, now, empty, 640, 427),
                                groupThere
                                        ? frame("group", tick, now, group, 1920, 1280)
                                        : frame("group", tick, now, empty, 640, 427))) {
                    producer.send(writer.record(frame));
                }
                if (tick == KILL_AT_TICK) {
                    producer.flush();
                    killedAt = System.currentTimeMillis();
                    flink.terminateTaskManager(0).get(30, TimeUnit.SECONDS);
                    flink.startTaskManager();
                }
            }
            producer.flush();
        }
        return killedAt;
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
    private static void waitForAllTracksToEnd(CommittedReader reader, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        int stableSince = -1;
        long stableAt = System.nanoTime();
        while (System.nanoTime() < deadline) {
            List<ExpressionEvent> now = reader.events();
            long started =
                    now.stream()
                            .filter(e -> e.getType() == ExpressionEventType.TRACK_STARTED)
                            .count();
            long ended =
                    now.stream()
                            .filter(e -> e.getType() == ExpressionEventType.TRACK_ENDED)
                            .count();
            if (now.size() != stableSince) {
                stableSince = now.size();
                stableAt = System.nanoTime();
            } else if (started > 0
                    && started == ended
                    && System.nanoTime() - stableAt > TimeUnit.SECONDS.toNanos(5)) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError(
                "the tracks did not all end within "
                        + timeout
                        + ": "
                        + reader.events().size()
                        + " events");
    }

    static List<String> canonical(List<ExpressionEvent> events) {
        return events.stream().map(PipelineFixtures::canonical).sorted().toList();
    }

    static AvroDeserializer<ExpressionEvent> deserializer(EmbeddedStack stack) {
        return new AvroDeserializer<>(
                ExpressionEvent.class, RegistryConfig.of(stack.registryUrl()));
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

        CommittedReader(EmbeddedStack stack, String topic) {
            loop =
                    CompletableFuture.runAsync(
                            () -> {
                                try (var consumer =
                                        KafkaTestSupport.committedConsumer(
                                                stack, topic, deserializer(stack))) {
                                    while (running.get()) {
                                        for (var record : consumer.poll(Duration.ofMillis(100))) {
                                            long now = System.currentTimeMillis();
                                            synchronized (events) {
                                                events.add(record.value());
                                            }
                                            visibleAt.putIfAbsent(record.value().getEventId(), now);
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
