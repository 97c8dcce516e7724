package io.ferstream.it;

import static io.ferstream.it.PipelineFixtures.GRACE;
import static io.ferstream.it.PipelineFixtures.bytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ferstream.processor.config.JobConfig;
import io.ferstream.processor.job.FerStreamJob;
import io.ferstream.processor.tracking.FrameFaces;
import io.ferstream.schema.CameraFrame;
import io.ferstream.schema.ExpressionEvent;
import io.ferstream.schema.ImageEncoding;
import io.ferstream.stack.EmbeddedStack;
import io.ferstream.stack.EmbeddedStackExtension;
import io.ferstream.stack.KafkaTestSupport;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Three times more frames than the job can analyse, for 20 s: the job keeps running, sheds load per
 * camera and counts it, and the events stay within the documented latency bound instead of falling
 * further behind with every second. The analysis is made slow on purpose (100 ms a frame, 10
 * frames/s), so the overload does not depend on how fast the machine is.
 */
@ExtendWith(EmbeddedStackExtension.class)
class OverloadIT {

    private static final int CAMERAS = 2;
    private static final int FPS_PER_CAMERA = 15; // 30 frames/s against a capacity of 10
    private static final Duration RUN = Duration.ofSeconds(20);
    private static final Duration MAX_LAG = Duration.ofSeconds(2);
    private static final Duration CHECKPOINT = Duration.ofSeconds(1);

    /** Stands for analysis three times slower than the input needs. */
    static final class SlowAnalysis implements MapFunction<FrameFaces, FrameFaces> {
        private static final long serialVersionUID = 1L;

        @Override
        public FrameFaces map(FrameFaces faces) throws InterruptedException {
            Thread.sleep(100);
            return faces;
        }
    }

    @Test
    void shouldShedPerCameraAndKeepLatencyBoundedAtThreeTimesTheSustainableInput(
            EmbeddedStack stack) throws Exception {
        // configure: a live job with an overload bound of 2 s on one slot
        LiveRun.Cluster kafka = LiveRun.Cluster.of(stack);
        String frames = KafkaTestSupport.newTopic(stack, "overload-frames", 1);
        String events = KafkaTestSupport.newTopic(stack, "overload-events", 1);
        String dlq = KafkaTestSupport.newTopic(stack, "overload-dlq", 1);
        Map<String, String> config = LiveRun.liveConfig(kafka, frames, events, dlq);
        config.put("parallelism", "1");
        config.put("checkpoint.interval", "1s");
        config.put("overload.max-lag", "2s");
        config.put("live.max-lag", "60s");
        config.put("tracking.max-camera-skew", "60s");
        config.put("tracking.update-period", "1s"); // an event a second per camera to time
        FerStreamJob job =
                FerStreamJob.fromConfig(JobConfig.fromMap(config))
                        .withAfterAnalysis(s -> s.map(new SlowAnalysis()).name("slow").uid("slow"));

        try (MiniCluster flink = LiveRun.miniCluster(1);
                LiveRun.CommittedReader reader = new LiveRun.CommittedReader(kafka, events)) {
            flink.start();
            JobID id = LiveRun.submit(flink, job);
            LiveRun.waitUntilRunning(flink, id);

            // act: 3x the sustainable input, in real time
            long produced = produce(kafka, frames);
            Thread.sleep(3 * MAX_LAG.toMillis() + CHECKPOINT.toMillis());
            Map<String, Long> shedPerCamera = shedPerCamera(flink, id);
            flink.cancelJob(id).get(30, TimeUnit.SECONDS);

            // verify: sheds counted per camera, and every event visible within the bound
            List<ExpressionEvent> seen = reader.events();
            long bound = 4 * MAX_LAG.toMillis() + CHECKPOINT.toMillis() + 2_000;
            long[] latencies =
                    seen.stream()
                            .mapToLong(e -> reader.visibleAt(e) - e.getEventTime().toEpochMilli())
                            .sorted()
                            .toArray();
            long p99 = latencies[(int) Math.ceil(latencies.length * 0.99) - 1];
            System.out.printf(
                    "[overload] %d frames in %s; shed per camera %s; %d events, latency p50 %d ms,"
                            + " p99 %d ms, max %d ms (bound %d ms)%n",
                    produced,
                    RUN,
                    shedPerCamera,
                    seen.size(),
                    latencies[latencies.length / 2],
                    p99,
                    latencies[latencies.length - 1],
                    bound);
            assertEquals(CAMERAS, shedPerCamera.size(), "sheds counted per camera");
            shedPerCamera.values().forEach(n -> assertTrue(n > 0, "each camera shed frames"));
            assertTrue(
                    seen.size() >= CAMERAS * RUN.toSeconds() / 2,
                    "the job kept emitting events: " + seen.size());
            assertTrue(p99 <= bound, "p99 latency " + p99 + " ms over the bound of " + bound);
        }
    }

    /** Both cameras at 15 frames/s for {@link #RUN}, capture time = now; returns frames sent. */
    private static long produce(LiveRun.Cluster kafka, String topic) throws Exception {
        byte[] grace = bytes(GRACE);
        Map<String, Object> props = new HashMap<>(kafka.clientProperties());
        props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 8 * 1024 * 1024);
        long sent = 0;
        try (var writer = new PipelineFixtures.FrameWriter(kafka.registryUrl(), topic);
                KafkaProducer<byte[], byte[]> producer =
                        new KafkaProducer<>(
                                props, new ByteArraySerializer(), new ByteArraySerializer())) {
            long start = System.nanoTime();
            long period = TimeUnit.SECONDS.toNanos(1) / FPS_PER_CAMERA;
            for (int tick = 0; tick * period < RUN.toNanos(); tick++) {
                long wait = start + tick * period - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
                for (int c = 0; c < CAMERAS; c++) {
                    CameraFrame frame =
                            CameraFrame.newBuilder()
                                    .setCameraId("cam-" + c)
                                    .setSequence(tick)
                                    .setCaptureTime(Instant.now())
                                    .setWidth(512)
                                    .setHeight(512)
                                    .setEncoding(ImageEncoding.JPEG)
                                    .setImage(ByteBuffer.wrap(grace))
                                    .build();
                    producer.send(writer.record(frame));
                    sent++;
                }
            }
        }
        return sent;
    }

    /**
     * The job's per-camera counters of shed frames, read from Flink's REST API. The REST server
     * fetches metrics from the TaskManagers asynchronously, at most every few seconds: a first
     * request can answer before any fetch has filled its store. So this asks again, for up to 30 s,
     * until every camera's counter is there.
     */
    private static Map<String, Long> shedPerCamera(MiniCluster flink, JobID job) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        Map<String, Long> shed = readShedPerCamera(flink, job);
        while (shed.size() < CAMERAS && System.nanoTime() < deadline) {
            Thread.sleep(1_000);
            shed = readShedPerCamera(flink, job);
        }
        return shed;
    }

    private static Map<String, Long> readShedPerCamera(MiniCluster flink, JobID job)
            throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        ObjectMapper json = new ObjectMapper();
        String base = flink.getRestAddress().get(10, TimeUnit.SECONDS).toString();
        JsonNode vertices = get(http, json, base + "/jobs/" + job).get("vertices");
        Map<String, Long> shed = new TreeMap<>();
        for (JsonNode vertex : vertices) {
            String metrics = base + "/jobs/" + job + "/vertices/" + vertex.get("id").asText();
            for (JsonNode metric : get(http, json, metrics + "/metrics")) {
                String name = metric.get("id").asText();
                int camera = name.indexOf(".camera.");
                if (camera >= 0 && name.endsWith(".framesShed")) {
                    JsonNode value = get(http, json, metrics + "/metrics?get=" + name).get(0);
                    shed.put(
                            name.substring(camera + 8, name.length() - ".framesShed".length()),
                            Long.parseLong(value.get("value").asText()));
                }
            }
        }
        return shed;
    }

    private static JsonNode get(HttpClient http, ObjectMapper json, String url) throws Exception {
        HttpResponse<String> response =
                http.send(
                        HttpRequest.newBuilder(URI.create(url)).build(),
                        HttpResponse.BodyHandlers.ofString());
        return json.readTree(response.body());
    }
}
