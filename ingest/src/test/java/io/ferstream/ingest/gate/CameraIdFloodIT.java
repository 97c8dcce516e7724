package io.ferstream.ingest.gate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ferstream.ingest.TestImages;
import io.ferstream.registry.AvroSerializer;
import io.ferstream.registry.RegistryConfig;
import io.ferstream.registry.server.SchemaRegistryServer;
import io.ferstream.schema.CameraFrame;
import io.ferstream.schema.ImageEncoding;
import io.ferstream.topics.Topics;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * 100,000 distinct, valid camera ids through the gate's topology within one minute of its clock,
 * with a real camera among them: the status store stops at its bound, the gate's metrics do not
 * grow, and the real camera's frames all pass with its status kept. Prints the heap the flood left.
 * An IT for its two minutes (RocksDB stores, 200,000 store writes), not for outside components.
 */
class CameraIdFloodIT {

    private static final int FLOOD = 100_000;
    private static final int MAX_CAMERAS = 1_000;
    private static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");

    @TempDir Path stateDir;

    @Test
    void aFloodOfCameraIdsLeavesTheStoresAndMetricsBounded() throws Exception {
        try (SchemaRegistryServer registry = SchemaRegistryServer.inMemory();
                AvroSerializer<CameraFrame> serializer =
                        new AvroSerializer<>(RegistryConfig.of(registry.url()))) {
            GateConfig config =
                    GateConfig.builder("unused:9092", RegistryConfig.of(registry.url()))
                            .maxFpsPerCamera(0)
                            .maxAge(Duration.ofDays(1))
                            .statusLimits(new CameraStatusLimits(MAX_CAMERAS, Duration.ofHours(1)))
                            .stateDir(stateDir.toString())
                            .build();
            byte[] jpeg = TestImages.jpeg(64, 48);
            try (TopologyTestDriver driver =
                    new TopologyTestDriver(
                            FrameGate.buildTopology(config), FrameGate.streamsConfig(config), T0)) {
                TestInputTopic<byte[], byte[]> raw =
                        driver.createInputTopic(
                                Topics.FRAMES_RAW,
                                new ByteArraySerializer(),
                                new ByteArraySerializer());
                TestOutputTopic<byte[], byte[]> accepted =
                        driver.createOutputTopic(
                                Topics.FRAMES,
                                new ByteArrayDeserializer(),
                                new ByteArrayDeserializer());
                raw.pipeInput(key("lobby"), frame(serializer, "lobby", 0, jpeg));
                int metricsBefore = driver.metrics().size();
                long heapBefore = usedHeapAfterGc();
                int lobbyFrames = 1;
                long passed = 0;
                for (int i = 0; i < FLOOD; i++) {
                    String id = "flood-" + i;
                    raw.pipeInput(key(id), frame(serializer, id, i, jpeg));
                    if (i % 1_000 == 0) {
                        raw.pipeInput(key("lobby"), frame(serializer, "lobby", i + 1, jpeg));
                        lobbyFrames++;
                    }
                    if (i % 1_000 == 0) {
                        // read as it goes: the harness's output queue is not the gate's memory
                        passed += accepted.readValuesToList().size();
                    }
                    if (i % 10_000 == 0) {
                        driver.advanceWallClockTime(Duration.ofSeconds(5)); // a minute in all
                    }
                }
                passed += accepted.readValuesToList().size();
                long heapAfter = usedHeapAfterGc();
                KeyValueStore<String, CameraStatus> statuses =
                        driver.getKeyValueStore(FrameGate.STATUS_STORE);

                assertEquals(FLOOD + lobbyFrames, passed, "every frame passes");
                // the bound reads RocksDB's estimate of its entries, so it holds to about 1 %
                long kept = statuses.approximateNumEntries();
                assertTrue(
                        kept >= MAX_CAMERAS && kept <= MAX_CAMERAS + MAX_CAMERAS / 100,
                        kept + " statuses kept");
                assertNotNull(statuses.get("lobby"));
                assertEquals(lobbyFrames, statuses.get("lobby").accepted());
                assertEquals(metricsBefore, driver.metrics().size(), "no metric per camera");
                System.out.printf(
                        "[camera-id-flood] %d ids: %d statuses kept (bound %d), %d gate metrics"
                                + " before and after, used heap after GC %d MB before, %d MB"
                                + " after%n",
                        FLOOD,
                        statuses.approximateNumEntries(),
                        MAX_CAMERAS,
                        metricsBefore,
                        heapBefore >> 20,
                        heapAfter >> 20);
            }
        }
    }

    private static byte[] key(String id) {
        return id.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] frame(
            AvroSerializer<CameraFrame> serializer, String camera, long sequence, byte[] jpeg) {
        return serializer.serialize(
                Topics.FRAMES_RAW,
                CameraFrame.newBuilder()
                        .setCameraId(camera)
                        .setSequence(sequence)
                        .setCaptureTime(T0)
                        .setWidth(64)
                        .setHeight(48)
                        .setEncoding(ImageEncoding.JPEG)
                        .setImage(ByteBuffer.wrap(jpeg))
                        .build());
    }

    private static long usedHeapAfterGc() {
        Runtime runtime = Runtime.getRuntime();
        System.gc();
        return runtime.totalMemory() - runtime.freeMemory();
    }
}
