package io.ferstream.it;

import static io.ferstream.it.PipelineFixtures.GRACE;
import static io.ferstream.it.PipelineFixtures.bytes;
import static io.ferstream.it.PipelineFixtures.fixture;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.ferstream.ingest.gate.CameraStatus;
import io.ferstream.ingest.gate.CameraStatusSerde;
import io.ferstream.ingest.gate.FrameGate;
import io.ferstream.ingest.gate.GateConfig;
import io.ferstream.ingest.gate.ProcessingMode;
import io.ferstream.registry.AvroSerializer;
import io.ferstream.registry.RegistryConfig;
import io.ferstream.schema.CameraFrame;
import io.ferstream.schema.ExpressionEvent;
import io.ferstream.schema.ExpressionEventType;
import io.ferstream.schema.ExpressionSummary;
import io.ferstream.schema.FaceBox;
import io.ferstream.schema.FrameRejected;
import io.ferstream.schema.ImageEncoding;
import io.ferstream.schema.LabelDuration;
import io.ferstream.schema.LabelProbability;
import io.ferstream.schema.LabelShare;
import io.ferstream.schema.ModelInfo;
import io.ferstream.schema.RejectReason;
import io.ferstream.schema.TrackSummary;
import io.ferstream.stack.EmbeddedStack;
import io.ferstream.stack.EmbeddedStackExtension;
import io.ferstream.stack.KafkaTestSupport;
import io.ferstream.viewer.ViewerConfig;
import io.ferstream.viewer.ViewerServer;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import javax.imageio.ImageIO;
import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.api.common.JobID;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The viewer in a real browser (Debian's headless Chromium) on the embedded stack: the real job on
 * a MiniCluster into the viewer, and the page's behaviour on events written with the project's
 * serializer. Screenshots go to {@code target/viewer-it/}.
 */
@ExtendWith(EmbeddedStackExtension.class)
class ViewerIT {

    private static final Path ARTIFACTS = Path.of("target", "viewer-it");
    private static final Duration LONG = Duration.ofSeconds(120);
    private static final Duration SHORT = Duration.ofSeconds(30);

    /** face-api's box for Grace Hopper (FerStreamJobIT): x 141.1, y 116.3, w 232.9, h 221.1. */
    private static final double[] GRACE_FACE = {141.1 / 512, 116.3 / 512, 232.9 / 512, 221.1 / 512};

    @Test
    void shouldShowTheRealJobsFacesBlurredAndEndTheirTracks(EmbeddedStack stack, @TempDir Path tmp)
            throws Exception {
        // configure: the gate, the job on a MiniCluster with its REST API, the viewer, a browser
        String raw = KafkaTestSupport.newTopic(stack, "frames.raw");
        String frames = KafkaTestSupport.newTopic(stack, "frames");
        String dlq = KafkaTestSupport.newTopic(stack, "frames.dlq");
        String status = KafkaTestSupport.newTopic(stack, "frames.camera-status");
        String events = KafkaTestSupport.newTopic(stack, "events", 2);
        Map<String, String> jobConfig =
                new HashMap<>(LiveRun.liveConfig(LiveRun.Cluster.of(stack), frames, events, dlq));
        // Not what is tested here: on a loaded machine the job must not skip frames as stale.
        jobConfig.put("live.max-lag", "30s");
        byte[] empty = bytes(fixture("640px-IceBlockNearJoekullsarlon.jpg"));
        BufferedImage emptyImage = ImageIO.read(new ByteArrayInputStream(empty));
        AtomicBoolean faces = new AtomicBoolean(true);
        AtomicLong lastFaceSequence = new AtomicLong(-1);
        AtomicBoolean producing = new AtomicBoolean(true);
        ExecutorService threads = Executors.newSingleThreadExecutor();

        try (FrameGate gate = new FrameGate(gate(stack, raw, frames, dlq, status, tmp).build());
                MiniCluster flink = LiveRun.miniCluster(2)) {
            gate.start();
            flink.start();
            JobID job = LiveRun.submit(flink, jobConfig);
            LiveRun.waitUntilRunning(flink, job);
            String rest = flink.getRestAddress().get(30, TimeUnit.SECONDS).toString();
            Future<?> camera =
                    threads.submit(
                            () -> {
                                produceLive(
                                        stack,
                                        raw,
                                        "door-1",
                                        seq -> {
                                            if (faces.get()) {
                                                lastFaceSequence.set(seq);
                                                return frame("door-1", seq, bytes(GRACE), 512, 512);
                                            }
                                            return frame(
                                                    "door-1",
                                                    seq,
                                                    empty,
                                                    emptyImage.getWidth(),
                                                    emptyImage.getHeight());
                                        },
                                        producing);
                                return null;
                            });
            try (ViewerServer viewer =
                            ViewerServer.start(
                                    viewerConfig(stack, frames, events, dlq, status)
                                            .flink(rest, null)
                                            .jobGroupId(jobConfig.get("source.group-id"))
                                            .build());
                    ViewerBrowser browser = new ViewerBrowser(tmp.resolve("chromium"))) {
                browser.open(viewer.url());

                // verify: the camera appears with the gate's status
                browser.await(
                        "camera door-1 with the gate's status",
                        LONG,
                        m -> camera(m, "door-1") != null && camera(m, "door-1").has("status"));

                // verify: the face's box is drawn where the job's events put it
                JsonNode model =
                        browser.await(
                                "a box on a frame",
                                LONG,
                                m -> m.path("frame").path("boxes").size() == 1);
                JsonNode box = model.path("frame").path("boxes").get(0);
                assertEquals(GRACE_FACE[0], box.path("x").asDouble(), 0.03, box.toString());
                assertEquals(GRACE_FACE[1], box.path("y").asDouble(), 0.03, box.toString());
                assertEquals(GRACE_FACE[2], box.path("w").asDouble(), 0.03, box.toString());
                assertEquals(GRACE_FACE[3], box.path("h").asDouble(), 0.03, box.toString());
                assertEquals("neutral", box.path("label").asText(), "face-api: neutral 0.92");

                // verify: the JPEG the server serves has no face detail left where the face is
                HttpResponse<byte[]> served =
                        get(viewer.url() + "api/cameras/door-1/frame.jpg", null);
                assertEquals(200, served.statusCode());
                long servedSequence =
                        Long.parseLong(
                                served.headers().firstValue("X-Frame-Sequence").orElseThrow());
                assertTrue(servedSequence <= lastFaceSequence.get(), "a frame with the face");
                BufferedImage original = ImageIO.read(new ByteArrayInputStream(bytes(GRACE)));
                BufferedImage sent = ImageIO.read(new ByteArrayInputStream(served.body()));
                int[] face = innerFace(512, 512);
                double originalDetail = detail(original, face);
                double sentDetail = detail(sent, face);
                double difference = meanDifference(original, sent, face);
                System.out.printf(
                        "[viewer-it] face region: detail %.1f in the original, %.1f as served;"
                                + " mean difference %.1f grey levels%n",
                        originalDetail, sentDetail, difference);
                assertTrue(
                        sentDetail < originalDetail / 4,
                        "served face detail " + sentDetail + " vs original " + originalDetail);
                assertTrue(difference > 10, "mean difference " + difference);

                // verify: the job's health, from Flink's REST API
                JsonNode health =
                        browser.await(
                                "the job running with a checkpoint",
                                SHORT,
                                m ->
                                        "RUNNING"
                                                        .equals(
                                                                m.path("health")
                                                                        .path("health")
                                                                        .path("state")
                                                                        .asText())
                                                && m.path("health")
                                                                .path("health")
                                                                .path("lastCheckpointId")
                                                                .asLong()
                                                        > 0);
                assertTrue(health.path("health").path("health").path("restarts").asLong() >= 0);
                browser.screenshot(ARTIFACTS.resolve("real-job.png"));

                // act: the face leaves the scene
                faces.set(false);
                long lastFace = waitForSwitch(lastFaceSequence);

                // verify: the track ends: its box disappears, its summary shows
                JsonNode ended =
                        browser.await(
                                "no box on a frame after the face left, and the track's summary",
                                LONG,
                                m ->
                                        m.path("frame").path("sequence").asLong() > lastFace
                                                && m.path("frame").path("boxes").isEmpty()
                                                && endedTrack(m) != null);
                assertTrue(endedTrack(ended).path("summary").path("observations").asInt() >= 3);
                assertTrue(
                        events(ended).contains("TRACK_ENDED"), "the event list shows TRACK_ENDED");
                browser.screenshot(ARTIFACTS.resolve("real-job-ended.png"));

                // verify: no frame of the face ever reached the page unblurred
                for (JsonNode f : ended.path("frameLog")) {
                    if (f.path("sequence").asLong() <= lastFace) {
                        assertTrue(
                                f.path("wholeFrameBlurred").asBoolean()
                                        || f.path("blurredRegions").asInt() >= 1,
                                "frame " + f + " showed the face without blurring it");
                    }
                }
            } finally {
                producing.set(false);
                camera.get(30, TimeUnit.SECONDS);
                flink.cancelJob(job).get(30, TimeUnit.SECONDS);
            }
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void shouldFollowLabelChangesCountDeadLettersAndReconnectAfterARestart(
            EmbeddedStack stack, @TempDir Path tmp) throws Exception {
        // configure: a camera writing frames, a stand-in job writing events with the project's
        // serializer and committing the frames' offsets as the job does, a gate status, a viewer
        String frames = KafkaTestSupport.newTopic(stack, "frames");
        String dlq = KafkaTestSupport.newTopic(stack, "frames.dlq");
        String status = KafkaTestSupport.newTopic(stack, "frames.camera-status");
        String events = KafkaTestSupport.newTopic(stack, "events", 2);
        String summaries = KafkaTestSupport.newTopic(stack, "summaries", 2);
        String group = "viewer-it-job-" + UUID.randomUUID().toString().substring(0, 8);
        AtomicBoolean producing = new AtomicBoolean(true);
        AtomicLong sequence = new AtomicLong(-1);
        ExecutorService threads = Executors.newFixedThreadPool(2);
        Future<?> camera =
                threads.submit(
                        () -> {
                            produceLive(
                                    stack,
                                    frames,
                                    "hall",
                                    seq -> {
                                        sequence.set(seq);
                                        return frame("hall", seq, bytes(GRACE), 512, 512);
                                    },
                                    producing);
                            return null;
                        });
        Future<?> jobProgress =
                threads.submit(
                        () -> {
                            commitLikeTheJob(stack, frames, group, producing);
                            return null;
                        });
        ViewerConfig config =
                viewerConfig(stack, frames, events, dlq, status)
                        .summariesTopic(summaries)
                        .jobGroupId(group)
                        .build();
        ViewerServer viewer = ViewerServer.start(config);
        int port = viewer.port();
        try (EventWriter writer = new EventWriter(stack, events);
                ViewerBrowser browser = new ViewerBrowser(tmp.resolve("chromium"))) {
            writeStatus(stack, status, "hall");
            browser.open(viewer.url());
            browser.await(
                    "camera hall with its status, and a frame",
                    LONG,
                    m ->
                            camera(m, "hall") != null
                                    && camera(m, "hall").has("status")
                                    && m.path("framesDrawn").asInt() > 0);

            // act + verify: TRACK_STARTED draws the box on the frame it names, from then on
            long started = sequence.get() + 10;
            writer.write(event(ExpressionEventType.TRACK_STARTED, 7, started, 0.2, "neutral"));
            JsonNode model =
                    browser.await("the started track's box", LONG, m -> hasBox(m, 7, "neutral"));
            assertTrue(model.path("frame").path("sequence").asLong() >= started);
            assertEquals(0.2, model.path("frame").path("boxes").get(0).path("x").asDouble(), 1e-6);

            // EXPRESSION_CHANGED moves the box and changes its label
            long changed = sequence.get() + 10;
            writer.write(event(ExpressionEventType.EXPRESSION_CHANGED, 7, changed, 0.4, "happy"));
            model = browser.await("the label change", LONG, m -> hasBox(m, 7, "happy"));
            assertTrue(model.path("frame").path("sequence").asLong() >= changed);
            assertEquals(0.4, model.path("frame").path("boxes").get(0).path("x").asDouble(), 1e-6);
            JsonNode timeline = model.path("board").path("tracks").get(0).path("timeline");
            assertEquals(2, timeline.size(), "one timeline point per event: " + timeline);
            browser.screenshot(ARTIFACTS.resolve("label-change.png"));

            // TRACK_ENDED removes the box and shows the summary
            long end = sequence.get() + 10;
            writer.write(event(ExpressionEventType.TRACK_ENDED, 7, end, 0.4, "happy"));
            model =
                    browser.await(
                            "the ended track without its box",
                            LONG,
                            m ->
                                    m.path("frame").path("sequence").asLong() >= end
                                            && m.path("frame").path("boxes").isEmpty()
                                            && endedTrack(m) != null);
            assertEquals(
                    "neutral",
                    endedTrack(model).path("summary").path("dominantExpression").asText());

            // dead letters counted by reason
            writeDeadLetters(
                    stack,
                    dlq,
                    List.of(
                            RejectReason.RATE_LIMITED,
                            RejectReason.RATE_LIMITED,
                            RejectReason.BAD_IMAGE));
            model =
                    browser.await(
                            "three dead letters",
                            SHORT,
                            m -> m.path("deadLetters").path("total").asInt() == 3);
            assertEquals(
                    2, model.path("deadLetters").path("byReason").path("RATE_LIMITED").asInt());

            // minute summaries charted per camera; a minute written again replaces itself
            writer.write(summaries, summary(0, 2, "happy"));
            writer.write(summaries, summary(60_000, 1, "neutral"));
            writer.write(summaries, summary(0, 2, "happy"));
            model =
                    browser.await(
                            "two minutes charted",
                            SHORT,
                            m -> m.path("summaries").path("minutes").size() == 2);
            JsonNode minutes = model.path("summaries").path("minutes");
            assertEquals("hall", model.path("summaries").path("camera").asText());
            assertEquals(0, minutes.get(0).path("windowStartMs").asLong());
            assertEquals(2, minutes.get(0).path("facesSeen").asInt());
            assertEquals(30_000, minutes.get(0).path("trackMillis").path("happy").asLong());
            assertEquals("neutral", minutes.get(1).path("dominantExpression").asText());
            browser.screenshot(ARTIFACTS.resolve("minute-summaries.png"));

            // latency: from an event's commit to the page holding it
            List<Long> latencies = new ArrayList<>();
            Map<String, Long> committedAt = new HashMap<>();
            for (int i = 0; i < 20; i++) {
                ExpressionEvent probe =
                        event(
                                ExpressionEventType.TRACK_UPDATED,
                                100 + i,
                                1_000_000 + i,
                                0.1,
                                "happy");
                probe.setCameraId("latency-probe");
                writer.write(probe);
                committedAt.put(probe.getEventId(), System.currentTimeMillis());
                Thread.sleep(100); // a probe every 100 ms, as events come
            }
            model =
                    browser.await(
                            "the 20 probes",
                            SHORT,
                            m ->
                                    committedAt.keySet().stream()
                                            .allMatch(id -> m.path("eventReceivedAt").has(id)));
            for (Map.Entry<String, Long> e : committedAt.entrySet()) {
                latencies.add(
                        model.path("eventReceivedAt").path(e.getKey()).asLong() - e.getValue());
            }
            latencies.sort(null);
            String line =
                    String.format(
                            "commit -> page latency over %d events: median %d ms, max %d ms, all"
                                    + " %s",
                            latencies.size(),
                            latencies.get(latencies.size() / 2),
                            latencies.get(latencies.size() - 1),
                            latencies);
            System.out.println("[viewer-it] " + line);
            Files.createDirectories(ARTIFACTS);
            Files.writeString(ARTIFACTS.resolve("latency.txt"), line + "\n");
            assertTrue(latencies.get(latencies.size() / 2) < 1000, line);

            // act: the viewer restarts on the same port
            int connects = model.path("connects").asInt();
            int drawn = model.path("framesDrawn").asInt();
            viewer.close();
            browser.await(
                    "the page noticing the viewer went away",
                    SHORT,
                    m -> "reconnecting".equals(m.path("connection").asText()));
            viewer = ViewerServer.start(config.toBuilder().bind("127.0.0.1", port).build());

            // verify: the page reconnects by itself and shows frames again
            browser.await(
                    "the page reconnected with new frames",
                    LONG,
                    m ->
                            m.path("connects").asInt() > connects
                                    && "open".equals(m.path("connection").asText())
                                    && m.path("framesDrawn").asInt() > drawn + 2);
            browser.screenshot(ARTIFACTS.resolve("after-restart.png"));
        } finally {
            viewer.close();
            producing.set(false);
            camera.get(30, TimeUnit.SECONDS);
            jobProgress.get(30, TimeUnit.SECONDS);
            threads.shutdownNow();
        }
    }

    @Test
    void shouldAskForTheTokenWhenStartedWithOne(EmbeddedStack stack) throws Exception {
        String token = "it-token-" + UUID.randomUUID();
        try (ViewerServer viewer =
                ViewerServer.start(viewerConfig(stack, "f", "e", "d", "s").token(token).build())) {
            assertEquals(401, get(viewer.url(), null).statusCode());
            assertEquals(401, get(viewer.url() + "api/state", "wrong-" + token).statusCode());
            assertEquals(200, get(viewer.url() + "api/state", token).statusCode());
            HttpResponse<byte[]> first = get(viewer.url() + "?token=" + token, null);
            assertEquals(303, first.statusCode(), "the token leaves the address bar");
            String cookie = first.headers().firstValue("Set-Cookie").orElseThrow();
            assertTrue(cookie.contains("HttpOnly"), cookie);
            HttpResponse<byte[]> page =
                    HttpClient.newHttpClient()
                            .send(
                                    HttpRequest.newBuilder(URI.create(viewer.url()))
                                            .header("Cookie", cookie.split(";")[0])
                                            .build(),
                                    HttpResponse.BodyHandlers.ofByteArray());
            assertEquals(200, page.statusCode());
        }
    }

    // ---------------------------------------------------------------------------------------------

    private static ViewerConfig.Builder viewerConfig(
            EmbeddedStack stack, String frames, String events, String dlq, String status) {
        return ViewerConfig.builder(
                        stack.bootstrapServers(), RegistryConfig.of(stack.registryUrl()))
                .bind("127.0.0.1", 0)
                .topics(frames, events, dlq, status)
                .maxFrameWait(Duration.ofSeconds(8))
                .displayFps(5);
    }

    private static GateConfig.Builder gate(
            EmbeddedStack stack, String raw, String frames, String dlq, String status, Path tmp) {
        return GateConfig.builder(stack.bootstrapServers(), RegistryConfig.of(stack.registryUrl()))
                .applicationId("viewer-it-" + UUID.randomUUID().toString().substring(0, 8))
                .inputTopic(raw)
                .outputTopic(frames)
                .dlqTopic(dlq)
                .statusTopic(status)
                .processingMode(ProcessingMode.EXACTLY_ONCE_V2)
                .statusInterval(Duration.ofSeconds(1))
                .httpPort(0)
                .stateDir(tmp.resolve("gate").toString());
    }

    /** A camera in real time: a frame every 200 ms, captured now, until told to stop. */
    private static void produceLive(
            EmbeddedStack stack,
            String topic,
            String camera,
            java.util.function.LongFunction<CameraFrame> frameAt,
            AtomicBoolean producing)
            throws InterruptedException {
        try (var writer = new PipelineFixtures.FrameWriter(stack, topic);
                KafkaProducer<byte[], byte[]> producer = producer(stack)) {
            long next = System.nanoTime();
            for (long seq = 0; producing.get(); seq++) {
                producer.send(writer.record(frameAt.apply(seq)));
                next += TimeUnit.MILLISECONDS.toNanos(200);
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    // the camera's frame clock, not a wait for a result
                    TimeUnit.NANOSECONDS.sleep(wait);
                } else {
                    next = System.nanoTime(); // late (a loaded machine): no burst, as a camera
                }
            }
        }
    }

    /**
     * What the job's source does at each checkpoint: commit the offsets it has processed to its
     * group. Here every frame counts as processed once its events (written before it) exist.
     */
    private static void commitLikeTheJob(
            EmbeddedStack stack, String frames, String group, AtomicBoolean producing)
            throws Exception {
        TopicPartition tp = new TopicPartition(frames, 0);
        try (Admin admin = Admin.create(stack.clientProperties())) {
            while (producing.get()) {
                long end =
                        admin.listOffsets(Map.of(tp, OffsetSpec.latest()))
                                .partitionResult(tp)
                                .get(10, TimeUnit.SECONDS)
                                .offset();
                admin.alterConsumerGroupOffsets(group, Map.of(tp, new OffsetAndMetadata(end)))
                        .all()
                        .get(10, TimeUnit.SECONDS);
                Thread.sleep(300); // the stand-in job's checkpoint interval
            }
        }
    }

    private static KafkaProducer<byte[], byte[]> producer(EmbeddedStack stack) {
        Map<String, Object> props = new HashMap<>(stack.clientProperties());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        return new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
    }

    private static CameraFrame frame(String camera, long seq, byte[] jpeg, int width, int height) {
        return CameraFrame.newBuilder()
                .setCameraId(camera)
                .setSequence(seq)
                .setCaptureTime(Instant.now())
                .setWidth(width)
                .setHeight(height)
                .setEncoding(ImageEncoding.JPEG)
                .setImage(ByteBuffer.wrap(jpeg))
                .build();
    }

    private static ExpressionEvent event(
            ExpressionEventType type, long track, long seq, double x, String label) {
        List<LabelProbability> probabilities =
                List.of(
                        new LabelProbability("neutral", "neutral".equals(label) ? 0.8f : 0.2f),
                        new LabelProbability("happy", "happy".equals(label) ? 0.8f : 0.2f));
        TrackSummary summary =
                type == ExpressionEventType.TRACK_ENDED
                        ? new TrackSummary(
                                Instant.ofEpochMilli(0),
                                Instant.ofEpochMilli(4000),
                                4000L,
                                40,
                                "neutral",
                                List.of(
                                        new LabelShare("neutral", 0.6f),
                                        new LabelShare("happy", 0.4f)))
                        : null;
        Instant now = Instant.now();
        return ExpressionEvent.newBuilder()
                .setEventId("hall-" + track + "-" + type + "-" + seq)
                .setType(type)
                .setCameraId("hall")
                .setTrackId(track)
                .setEventTime(now)
                .setFrameSequence(seq)
                .setBox(new FaceBox((float) x, 0.2f, 0.3f, 0.4f))
                .setDetectionScore(0.9f)
                .setExpression(label)
                .setConfidence(0.8f)
                .setProbabilities(probabilities)
                .setRawProbabilities(probabilities)
                .setModel(new ModelInfo("it", "1"))
                .setSummary(summary)
                .setProcessedTime(now)
                .setCaptureToEmitMillis(0)
                .build();
    }

    /** A minute of camera hall: {@code faces} tracks, 15 s of {@code label} each. */
    private static ExpressionSummary summary(long start, int faces, String label) {
        return ExpressionSummary.newBuilder()
                .setSummaryId("hall/" + Instant.ofEpochMilli(start))
                .setCameraId("hall")
                .setWindowStart(Instant.ofEpochMilli(start))
                .setWindowEnd(Instant.ofEpochMilli(start + 60_000))
                .setFacesSeen(faces)
                .setTracksStarted(faces)
                .setTrackMillis(List.of(new LabelDuration(label, 15_000L * faces)))
                .setDominantExpression(label)
                .setEmittedTime(Instant.now())
                .build();
    }

    /** Writes events and summaries as the job does: in Kafka transactions, keyed by camera. */
    private static final class EventWriter implements AutoCloseable {
        private final KafkaProducer<String, SpecificRecord> producer;
        private final String topic;

        EventWriter(EmbeddedStack stack, String topic) {
            Map<String, Object> props = new HashMap<>(stack.clientProperties());
            props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "viewer-it-" + UUID.randomUUID());
            this.producer =
                    new KafkaProducer<>(
                            props,
                            new StringSerializer(),
                            new AvroSerializer<>(RegistryConfig.of(stack.registryUrl())));
            this.producer.initTransactions();
            this.topic = topic;
        }

        void write(ExpressionEvent event) {
            write(topic, event.getCameraId(), event);
        }

        void write(String summaryTopic, ExpressionSummary summary) {
            write(summaryTopic, summary.getCameraId(), summary);
        }

        private void write(String to, String camera, SpecificRecord value) {
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(to, camera, value));
            producer.commitTransaction();
        }

        @Override
        public void close() {
            producer.close();
        }
    }

    /** A status as the gate writes it, with its own record and serde. */
    private static void writeStatus(EmbeddedStack stack, String topic, String camera)
            throws Exception {
        long now = System.currentTimeMillis();
        CameraStatus s =
                CameraStatus.first(camera, now - 10_000)
                        .observe(null, now, 1L, now - 9_000, 10_000)
                        .observe("RATE_LIMITED", now, 2L, now, 10_000);
        try (KafkaProducer<byte[], byte[]> producer = producer(stack)) {
            producer.send(
                            new ProducerRecord<>(
                                    topic,
                                    camera.getBytes(StandardCharsets.UTF_8),
                                    CameraStatusSerde.toJson(s)))
                    .get(10, TimeUnit.SECONDS);
        }
    }

    private static void writeDeadLetters(
            EmbeddedStack stack, String topic, List<RejectReason> reasons) throws Exception {
        try (AvroSerializer<FrameRejected> serializer =
                        new AvroSerializer<>(RegistryConfig.of(stack.registryUrl()));
                KafkaProducer<byte[], byte[]> producer = producer(stack)) {
            long offset = 0;
            for (RejectReason reason : reasons) {
                FrameRejected r =
                        FrameRejected.newBuilder()
                                .setReason(reason)
                                .setMessage("viewer IT")
                                .setCameraId("hall")
                                .setSourceTopic("frames.raw")
                                .setSourcePartition(0)
                                .setSourceOffset(offset++)
                                .setRejectedBy("frame-gate")
                                .setRejectedAt(Instant.now())
                                .build();
                producer.send(
                                new ProducerRecord<>(
                                        topic,
                                        "hall".getBytes(StandardCharsets.UTF_8),
                                        serializer.serialize(topic, r)))
                        .get(10, TimeUnit.SECONDS);
            }
        }
    }

    private static HttpResponse<byte[]> get(String url, String bearer) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url));
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        return HttpClient.newHttpClient()
                .send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    /**
     * Waits until the camera has sent a frame without the face; returns the last face's sequence.
     */
    private static long waitForSwitch(AtomicLong lastFaceSequence) throws InterruptedException {
        long seen = lastFaceSequence.get();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (System.nanoTime() < deadline) {
            Thread.sleep(250);
            long now = lastFaceSequence.get();
            if (now == seen) {
                return now;
            }
            seen = now;
        }
        throw new AssertionError("the camera kept sending the face");
    }

    private static JsonNode camera(JsonNode model, String id) {
        for (JsonNode c : model.path("cameras")) {
            if (id.equals(c.path("camera").asText())) {
                return c;
            }
        }
        return null;
    }

    private static boolean hasBox(JsonNode model, long track, String label) {
        JsonNode boxes = model.path("frame").path("boxes");
        return boxes.size() == 1
                && boxes.get(0).path("trackId").asLong() == track
                && label.equals(boxes.get(0).path("label").asText());
    }

    private static JsonNode endedTrack(JsonNode model) {
        for (JsonNode t : model.path("board").path("tracks")) {
            if (t.path("ended").asBoolean() && t.path("summary").isObject()) {
                return t;
            }
        }
        return null;
    }

    private static List<String> events(JsonNode model) {
        List<String> types = new ArrayList<>();
        model.path("events").forEach(e -> types.add(e.path("type").asText()));
        return types;
    }

    /** The middle of Grace Hopper's face (the box shrunk by a fifth on each side), in pixels. */
    private static int[] innerFace(int width, int height) {
        double x = GRACE_FACE[0] + GRACE_FACE[2] * 0.2;
        double y = GRACE_FACE[1] + GRACE_FACE[3] * 0.2;
        return new int[] {
            (int) (x * width),
            (int) (y * height),
            (int) (GRACE_FACE[2] * 0.6 * width),
            (int) (GRACE_FACE[3] * 0.6 * height)
        };
    }

    /** Mean absolute difference of neighbouring grey values: the detail (high frequencies). */
    private static double detail(BufferedImage image, int[] r) {
        double sum = 0;
        long n = 0;
        for (int y = r[1]; y < r[1] + r[3] - 1; y++) {
            for (int x = r[0]; x < r[0] + r[2] - 1; x++) {
                int g = grey(image.getRGB(x, y));
                sum += Math.abs(g - grey(image.getRGB(x + 1, y)));
                sum += Math.abs(g - grey(image.getRGB(x, y + 1)));
                n += 2;
            }
        }
        return sum / n;
    }

    private static double meanDifference(BufferedImage a, BufferedImage b, int[] r) {
        double sum = 0;
        long n = 0;
        for (int y = r[1]; y < r[1] + r[3]; y++) {
            for (int x = r[0]; x < r[0] + r[2]; x++) {
                sum += Math.abs(grey(a.getRGB(x, y)) - grey(b.getRGB(x, y)));
                n++;
            }
        }
        return sum / n;
    }

    private static int grey(int rgb) {
        return (((rgb >> 16) & 0xff) * 299 + ((rgb >> 8) & 0xff) * 587 + (rgb & 0xff) * 114) / 1000;
    }
}
