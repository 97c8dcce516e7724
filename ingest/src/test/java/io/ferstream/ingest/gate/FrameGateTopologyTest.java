package io.ferstream.ingest.gate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ferstream.image.ImageLimits;
import io.ferstream.ingest.TestImages;
import io.ferstream.registry.AvroDeserializer;
import io.ferstream.registry.AvroSerializer;
import io.ferstream.registry.RegistryConfig;
import io.ferstream.registry.server.SchemaRegistryServer;
import io.ferstream.schema.CameraFrame;
import io.ferstream.schema.FrameRejected;
import io.ferstream.schema.ImageEncoding;
import io.ferstream.schema.RejectReason;
import io.ferstream.topics.Topics;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The gate's topology under both processing guarantees, with real Avro serdes talking to a real
 * schema registry over HTTP (in-memory store). The driver's wall clock is the gate's clock.
 */
@ParameterizedClass
@EnumSource(ProcessingMode.class)
class FrameGateTopologyTest {

    private static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");
    private static final byte[] JPEG = TestImages.jpeg(64, 48);

    private static SchemaRegistryServer registry;
    private static RegistryConfig registryConfig;

    @Parameter ProcessingMode mode;
    @TempDir Path stateDir;

    private TopologyTestDriver driver;
    private TestInputTopic<byte[], byte[]> raw;
    private TestOutputTopic<byte[], byte[]> accepted;
    private TestOutputTopic<String, FrameRejected> dlq;
    private TestOutputTopic<String, byte[]> status;
    private AvroSerializer<CameraFrame> frameSerializer;

    @BeforeAll
    static void startRegistry() {
        registry = SchemaRegistryServer.inMemory();
        registryConfig = RegistryConfig.of(registry.url());
    }

    @AfterAll
    static void stopRegistry() {
        registry.close();
    }

    private void startGate(Consumer<GateConfig.Builder> settings) {
        GateConfig.Builder builder =
                GateConfig.builder("unused:9092", registryConfig)
                        .processingMode(mode)
                        .maxFpsPerCamera(0)
                        .maxAge(Duration.ofSeconds(30))
                        .maxFutureSkew(Duration.ofSeconds(2))
                        .statusWindow(Duration.ofSeconds(10))
                        .statusInterval(Duration.ofSeconds(5))
                        .stateDir(stateDir.toString());
        settings.accept(builder);
        GateConfig config = builder.build();
        Properties props = FrameGate.streamsConfig(config);
        driver = new TopologyTestDriver(FrameGate.buildTopology(config), props, T0);
        raw =
                driver.createInputTopic(
                        Topics.FRAMES_RAW, new ByteArraySerializer(), new ByteArraySerializer());
        accepted =
                driver.createOutputTopic(
                        Topics.FRAMES, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        dlq =
                driver.createOutputTopic(
                        Topics.FRAMES_DLQ,
                        new StringDeserializer(),
                        new AvroDeserializer<>(FrameRejected.class, registryConfig));
        status =
                driver.createOutputTopic(
                        GateConfig.DEFAULT_STATUS_TOPIC,
                        new StringDeserializer(),
                        new ByteArrayDeserializer());
        frameSerializer = new AvroSerializer<>(registryConfig);
    }

    @AfterEach
    void closeDriver() {
        if (driver != null) {
            driver.close();
        }
    }

    private static CameraFrame.Builder frame(String camera, long sequence, Instant capture) {
        return CameraFrame.newBuilder()
                .setCameraId(camera)
                .setSequence(sequence)
                .setCaptureTime(capture)
                .setWidth(64)
                .setHeight(48)
                .setEncoding(ImageEncoding.JPEG)
                .setImage(ByteBuffer.wrap(JPEG));
    }

    private byte[] encode(CameraFrame.Builder frame) {
        return frameSerializer.serialize(Topics.FRAMES_RAW, frame.build());
    }

    private static byte[] key(String camera) {
        return camera == null ? null : camera.getBytes(StandardCharsets.UTF_8);
    }

    private RejectReason rejectionOf(String key, byte[] value) {
        raw.pipeInput(key(key), value);
        assertTrue(accepted.isEmpty(), "nothing may pass");
        return dlq.readValue().getReason();
    }

    private double metric(String name, String reason) {
        for (Map.Entry<MetricName, ? extends Metric> e : driver.metrics().entrySet()) {
            MetricName m = e.getKey();
            if (m.group().equals(GateMetrics.GROUP)
                    && m.name().equals(name)
                    && (reason == null
                            ? !m.tags().containsKey("reason")
                            : reason.equals(m.tags().get("reason")))) {
                return ((Number) e.getValue().metricValue()).doubleValue();
            }
        }
        return 0;
    }

    @Test
    void shouldForwardAValidFrameWithTheSameKeyAndBytes() {
        startGate(b -> {});
        byte[] value = encode(frame("cam-1", 1, T0.minusMillis(100)));

        raw.pipeInput(key("cam-1"), value);

        KeyValue<byte[], byte[]> out = accepted.readKeyValue();
        assertArrayEquals(key("cam-1"), out.key);
        assertArrayEquals(value, out.value);
        assertTrue(dlq.isEmpty());
        assertEquals(1.0, metric("accepted-total", null));
    }

    @Test
    void shouldJudgeFreshnessByWhenTheRecordEnteredKafkaNotByTheClockWhenItIsRead() {
        startGate(b -> {});
        byte[] entered10sAfterCapture = encode(frame("cam-1", 1, T0.minusSeconds(10)));
        byte[] entered2minAfterCapture = encode(frame("cam-1", 2, T0.minusSeconds(110)));
        // The gate reads both an hour after they entered Kafka (a gate down that long, say).
        driver.advanceWallClockTime(Duration.ofHours(1));

        raw.pipeInput(key("cam-1"), entered10sAfterCapture, T0);
        raw.pipeInput(key("cam-1"), entered2minAfterCapture, T0.plusSeconds(10));

        assertArrayEquals(entered10sAfterCapture, accepted.readKeyValue().value);
        assertEquals(RejectReason.STALE, dlq.readValue().getReason());
        assertTrue(accepted.isEmpty());
    }

    @Test
    void shouldRejectEachBrokenRuleWithItsReason() {
        startGate(
                b ->
                        b.allowedCameras(Set.of("cam-1", "cam-2"))
                                .imageLimits(new ImageLimits(JPEG.length + 10, 640, 480)));
        Instant fresh = T0.minusMillis(10);

        assertEquals(RejectReason.MISSING_KEY, rejectionOf(null, encode(frame("cam-1", 1, fresh))));
        assertEquals(
                RejectReason.MISSING_KEY, rejectionOf("cam-2", encode(frame("cam-1", 2, fresh))));
        assertEquals(
                RejectReason.CAMERA_NOT_ALLOWED,
                rejectionOf("cam-9", encode(frame("cam-9", 3, fresh))));
        assertEquals(
                RejectReason.UNSUPPORTED_ENCODING,
                rejectionOf(
                        "cam-1",
                        encode(frame("cam-1", 4, fresh).setEncoding(ImageEncoding.UNKNOWN))));
        assertEquals(
                RejectReason.IMAGE_TOO_LARGE,
                rejectionOf(
                        "cam-1",
                        encode(
                                frame("cam-1", 5, fresh)
                                        .setImage(ByteBuffer.wrap(TestImages.jpeg(800, 600)))
                                        .setWidth(800)
                                        .setHeight(600))));
        assertEquals(
                RejectReason.BAD_IMAGE,
                rejectionOf(
                        "cam-1",
                        encode(
                                frame("cam-1", 6, fresh)
                                        .setImage(ByteBuffer.wrap(new byte[] {1, 2, 3})))));
        assertEquals(
                RejectReason.DIMENSIONS_MISMATCH,
                rejectionOf("cam-1", encode(frame("cam-1", 7, fresh).setWidth(65))));
        assertEquals(
                RejectReason.FUTURE_TIMESTAMP,
                rejectionOf("cam-1", encode(frame("cam-1", 8, T0.plusSeconds(3)))));
        assertEquals(
                RejectReason.STALE,
                rejectionOf("cam-1", encode(frame("cam-1", 9, T0.minusSeconds(31)))));
        assertEquals(
                RejectReason.UNDECODABLE_RECORD,
                rejectionOf("cam-1", new byte[] {42, 0, 0, 0, 1, 2}));
        assertEquals(RejectReason.UNDECODABLE_RECORD, rejectionOf("cam-1", null));
        byte[] unknownId = encode(frame("cam-1", 10, fresh));
        unknownId[1] = 0x7F; // schema id 0x7F...... is not registered
        assertEquals(RejectReason.UNKNOWN_SCHEMA, rejectionOf("cam-1", unknownId));

        assertEquals(2.0, metric("rejected-total", "MISSING_KEY"));
        assertEquals(1.0, metric("rejected-total", "UNKNOWN_SCHEMA"));
        assertEquals(2.0, metric("rejected-total", "UNDECODABLE_RECORD"));
        assertEquals(0.0, metric("accepted-total", null));
        // The same counters as Prometheus reads them from the status port's /metrics.
        String page = GatePrometheus.render(driver.metrics(), 0);
        assertTrue(page.contains("# TYPE ferstream_gate_rejected_total counter\n"), page);
        assertTrue(
                page.contains("ferstream_gate_rejected_total{reason=\"MISSING_KEY\"} 2.0\n"), page);
        assertTrue(
                page.contains("ferstream_gate_rejected_total{reason=\"UNDECODABLE_RECORD\"} 2.0\n"),
                page);
        assertTrue(page.contains("ferstream_gate_accepted_total 0.0\n"), page);
        assertTrue(page.contains("ferstream_gate_cameras 0\n"), page);
    }

    @Test
    void shouldDescribeTheRejectedRecordWithoutItsPixels() {
        startGate(b -> {});
        raw.pipeInput(key("cam-1"), encode(frame("cam-1", 1, T0.minusMillis(10))));
        raw.pipeInput(key("cam-1"), encode(frame("cam-1", 77, T0.minusSeconds(120))));

        TestRecord<String, FrameRejected> record = dlq.readRecord();

        FrameRejected rejected = record.value();
        assertEquals("cam-1", record.key());
        assertEquals(RejectReason.STALE, rejected.getReason());
        assertEquals("cam-1", rejected.getCameraId());
        assertEquals(77L, rejected.getFrameSequence());
        assertEquals(T0.minusSeconds(120), rejected.getCaptureTime());
        assertEquals(Topics.FRAMES_RAW, rejected.getSourceTopic());
        assertEquals(0, rejected.getSourcePartition());
        assertEquals(1L, rejected.getSourceOffset());
        assertEquals("frame-gate", rejected.getRejectedBy());
        assertEquals(T0, rejected.getRejectedAt());
        assertTrue(
                rejected.getMessage().contains("entered Kafka 120000 ms after its capture"),
                rejected.getMessage());
    }

    @Test
    void shouldPassValidFramesInOrderWithIdenticalBytesAfterCorruptOnes() {
        startGate(b -> {});
        byte[] first = encode(frame("cam-1", 1, T0.minusMillis(300)));
        byte[] second = encode(frame("cam-1", 2, T0.minusMillis(200)));
        byte[] third = encode(frame("cam-2", 3, T0.minusMillis(100)));

        raw.pipeInput(key("cam-1"), new byte[] {0, 0, 0}); // truncated header
        raw.pipeInput(key("cam-1"), new byte[] {(byte) 0xFF, 1, 2, 3, 4}); // wrong magic byte
        raw.pipeInput(
                key("cam-1"), java.util.Arrays.copyOf(first, first.length - 100)); // truncated Avro
        raw.pipeInput(key("cam-1"), first);
        raw.pipeInput(key("cam-1"), second);
        raw.pipeInput(key("cam-2"), third);

        List<KeyValue<byte[], byte[]>> out = accepted.readKeyValuesToList();
        assertEquals(3, out.size());
        assertArrayEquals(first, out.get(0).value);
        assertArrayEquals(second, out.get(1).value);
        assertArrayEquals(third, out.get(2).value);
        assertArrayEquals(key("cam-2"), out.get(2).key);
        assertEquals(3, dlq.getQueueSize());
        assertEquals(3.0, metric("rejected-total", "UNDECODABLE_RECORD"));
        assertEquals(3.0, metric("accepted-total", null));
    }

    @Test
    void shouldThrottleEachCameraByCaptureTime() {
        startGate(b -> b.maxFpsPerCamera(5)); // 200 ms apart at least
        Instant base = T0.minusSeconds(5);

        for (int i = 0; i < 30; i++) { // 30 fps for one second, piped all at once
            raw.pipeInput(
                    key("cam-1"),
                    encode(frame("cam-1", i, base.plusMillis(Math.round(i * 1000.0 / 30)))));
        }
        raw.pipeInput(
                key("cam-2"),
                encode(frame("cam-2", 0, base.plusMillis(10)))); // other cameras are not affected

        List<byte[]> passed = accepted.readValuesToList();
        assertEquals(6, passed.size()); // cam-1 at 0, 200, 400, 600, 800 ms; cam-2 once
        assertEquals(25.0, metric("rejected-total", "RATE_LIMITED"));
        FrameRejected limited = dlq.readValue();
        assertEquals(RejectReason.RATE_LIMITED, limited.getReason());
        assertEquals(1L, limited.getFrameSequence());
        KeyValueStore<String, Long> throttle = driver.getKeyValueStore(FrameGate.THROTTLE_STORE);
        assertEquals(base.plusMillis(800).toEpochMilli(), throttle.get("cam-1"));
    }

    @Test
    void shouldKeepPerCameraStatusAndPublishItOnTheStatusTopic() throws Exception {
        startGate(b -> b.maxFpsPerCamera(5));
        for (int i = 0; i < 20; i++) { // 2 s of a 10 fps camera, arriving in real time
            raw.pipeInput(key("cam-1"), encode(frame("cam-1", i, T0.plusMillis(i * 100L))));
            driver.advanceWallClockTime(Duration.ofMillis(100));
        }
        raw.pipeInput(key("cam-1"), encode(frame("cam-1", 99, T0.minusSeconds(60))));
        driver.advanceWallClockTime(
                Duration.ofSeconds(10)); // closes the rate window; the punctuator emits

        KeyValueStore<String, CameraStatus> store = driver.getKeyValueStore(FrameGate.STATUS_STORE);
        CameraStatus cam1 = store.get("cam-1");
        assertEquals(10, cam1.accepted());
        assertEquals(Map.of("RATE_LIMITED", 10L, "STALE", 1L), cam1.rejected());
        assertEquals(T0.plusMillis(1800).toEpochMilli(), cam1.lastAcceptedCaptureTimeMs());
        assertEquals(18L, cam1.lastAcceptedSequence());
        assertEquals(T0.toEpochMilli(), cam1.firstSeenMs());
        assertEquals(T0.plusMillis(2000).toEpochMilli(), cam1.lastSeenMs());

        List<KeyValue<String, byte[]>> published = status.readKeyValuesToList();
        assertTrue(!published.isEmpty());
        KeyValue<String, byte[]> last = published.get(published.size() - 1);
        assertEquals("cam-1", last.key);
        CameraStatus fromTopic =
                new CameraStatusSerde().deserializer().deserialize("t", last.value);
        assertEquals(cam1, fromTopic);

        try (CameraStatusHttpServer http =
                new CameraStatusHttpServer(
                        CameraStatusView.of(() -> store),
                        () -> GatePrometheus.render(driver.metrics(), 1),
                        new InetSocketAddress("127.0.0.1", 0))) {
            HttpClient client = HttpClient.newHttpClient();
            String base = "http://127.0.0.1:" + http.port() + "/cameras";
            HttpResponse<String> all = get(client, base);
            HttpResponse<String> one = get(client, base + "/cam-1");
            HttpResponse<String> missing = get(client, base + "/nope");

            assertEquals(200, all.statusCode());
            assertTrue(
                    all.body().startsWith("[") && all.body().contains("\"cameraId\":\"cam-1\""),
                    all.body());
            assertEquals(200, one.statusCode());
            assertEquals(cam1, CameraStatusSerde.JSON.readValue(one.body(), CameraStatus.class));
            assertEquals(404, missing.statusCode());
            HttpResponse<String> metrics =
                    get(client, "http://127.0.0.1:" + http.port() + "/metrics");
            assertEquals(200, metrics.statusCode());
            assertTrue(metrics.body().contains("ferstream_gate_cameras 1\n"), metrics.body());
            assertTrue(metrics.body().contains("ferstream_gate_accepted_total "), metrics.body());
        }
    }

    @Test
    void shouldKeepStatusesForABoundedNumberOfCamerasAndForgetIdleOnes() {
        startGate(
                b ->
                        b.maxAge(Duration.ofDays(1))
                                .statusLimits(new CameraStatusLimits(2, Duration.ofMinutes(1))));
        for (String camera : List.of("cam-a", "cam-b", "cam-c")) {
            raw.pipeInput(key(camera), encode(frame(camera, 1, T0)));
        }
        KeyValueStore<String, CameraStatus> store = driver.getKeyValueStore(FrameGate.STATUS_STORE);

        assertEquals(3, accepted.readValuesToList().size(), "an untracked camera's frames pass");
        assertNotNull(store.get("cam-a"));
        assertNotNull(store.get("cam-b"));
        assertNull(store.get("cam-c"), "the store was full");
        assertEquals(1.0, metric("untracked-camera-total", null));

        driver.advanceWallClockTime(Duration.ofMinutes(2)); // idle past the retention

        assertNull(store.get("cam-a"));
        assertNull(store.get("cam-b"));
        List<KeyValue<String, byte[]>> published = status.readKeyValuesToList();
        assertTrue(
                published.stream().anyMatch(kv -> kv.key.equals("cam-a") && kv.value == null),
                "a tombstone compacts the forgotten status away: " + published);
        raw.pipeInput(key("cam-c"), encode(frame("cam-c", 2, T0.plusSeconds(1))));
        assertNotNull(store.get("cam-c"), "room again");
    }

    @Test
    void shouldNotPublishStatusForCamerasThatDidNotChange() {
        startGate(b -> {});
        raw.pipeInput(key("cam-1"), encode(frame("cam-1", 1, T0)));
        driver.advanceWallClockTime(Duration.ofSeconds(5));
        assertEquals(1, status.readKeyValuesToList().size());

        driver.advanceWallClockTime(Duration.ofSeconds(5));

        assertTrue(status.isEmpty());
        assertNull(driver.getKeyValueStore(FrameGate.STATUS_STORE).get("cam-2"));
    }

    private static HttpResponse<String> get(HttpClient client, String url)
            throws IOException, InterruptedException {
        return client.send(
                HttpRequest.newBuilder(URI.create(url)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
