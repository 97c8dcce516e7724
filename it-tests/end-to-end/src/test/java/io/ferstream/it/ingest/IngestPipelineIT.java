package io.ferstream.it.ingest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.ferstream.ingest.camera.CameraProducer;
import io.ferstream.ingest.camera.CameraProducerConfig;
import io.ferstream.ingest.camera.SourceOptions;
import io.ferstream.ingest.camera.SourceSpec;
import io.ferstream.ingest.gate.CameraStatus;
import io.ferstream.ingest.gate.FrameGate;
import io.ferstream.it.ingest.IngestSupport.GateTopics;
import io.ferstream.registry.AvroDeserializer;
import io.ferstream.registry.RegistryConfig;
import io.ferstream.schema.CameraFrame;
import io.ferstream.stack.EmbeddedStack;
import io.ferstream.stack.EmbeddedStackExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real video file through the camera producer and the frame gate on the shared stack: what
 * reaches {@code frames} is what the camera sent, byte for byte, in order, once.
 */
@ExtendWith(EmbeddedStackExtension.class)
class IngestPipelineIT {

    private static final String CAMERA = "lobby";
    private static final int FILE_FPS = 10;
    private static final int FILE_FRAMES = 30; // 3 s
    private static final int SAMPLED_FPS = 5;
    private static final int EXPECTED_FRAMES =
            FILE_FRAMES * SAMPLED_FPS / FILE_FPS; // every second frame
    private static final long SPACING_MS = 1000 / SAMPLED_FPS;

    @TempDir Path dir;

    @Test
    void shouldCarryCameraFramesThroughTheGateUnchangedInOrderAndOnce(EmbeddedStack stack)
            throws Exception {
        // configure: a 3 s, 10 fps video of a moving face; a camera sampling it at 5 fps from a
        // fixed
        // capture start; a gate that allows exactly 5 fps per camera
        Path video = FaceVideo.write(dir.resolve("lobby.mp4"), FILE_FRAMES, FILE_FPS);
        GateTopics topics = GateTopics.create(stack);
        Instant captureStart = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        CameraProducerConfig camera =
                new CameraProducerConfig(
                        CAMERA,
                        SourceSpec.parse(video.toString()),
                        SourceOptions.defaults().withCaptureStart(captureStart),
                        SAMPLED_FPS,
                        1280,
                        85,
                        false,
                        stack.bootstrapServers(),
                        topics.raw(),
                        RegistryConfig.of(stack.registryUrl()),
                        Map.of(),
                        0,
                        0,
                        Duration.ofMillis(500),
                        Duration.ofSeconds(30),
                        Duration.ofSeconds(10),
                        "ingest-it");

        try (FrameGate gate =
                        new FrameGate(
                                IngestSupport.gate(stack, topics, dir.resolve("gate-state"))
                                        .maxFpsPerCamera(SAMPLED_FPS)
                                        .build());
                AvroDeserializer<CameraFrame> frames =
                        new AvroDeserializer<>(
                                CameraFrame.class, RegistryConfig.of(stack.registryUrl()))) {
            gate.start();

            // act
            CameraProducer.Summary summary;
            try (CameraProducer producer = new CameraProducer(camera)) {
                summary = producer.run();
            }
            List<ConsumerRecord<String, byte[]>> raw =
                    IngestSupport.readAll(stack, topics.raw(), EXPECTED_FRAMES, false);
            List<ConsumerRecord<String, byte[]>> accepted =
                    IngestSupport.readAll(stack, topics.frames(), EXPECTED_FRAMES, true);
            CameraStatus status =
                    IngestSupport.awaitStatus(gate, CAMERA, s -> s.accepted() >= EXPECTED_FRAMES);

            // verify: the camera read every frame of the file and sent every second one
            assertEquals(FILE_FRAMES, summary.grabbed(), "frames read from the file");
            assertEquals(
                    FILE_FRAMES - EXPECTED_FRAMES,
                    summary.sampledOut(),
                    "frames left out by 5 fps sampling");
            assertEquals(EXPECTED_FRAMES, summary.acked(), "frames acknowledged by Kafka");
            assertEquals(0, summary.failed());
            assertNull(summary.firstError());
            assertEquals(EXPECTED_FRAMES, raw.size(), "records on the raw topic");

            // verify: the gate forwarded all of them once, in order, same key and same value bytes
            assertEquals(EXPECTED_FRAMES, accepted.size(), "committed records on the frames topic");
            for (int i = 0; i < EXPECTED_FRAMES; i++) {
                ConsumerRecord<String, byte[]> out = accepted.get(i);
                assertEquals(CAMERA, out.key(), "key of frame " + i);
                assertArrayEquals(raw.get(i).value(), out.value(), "value bytes of frame " + i);
                CameraFrame frame = frames.deserialize(topics.frames(), out.value());
                assertEquals(CAMERA, frame.getCameraId());
                assertEquals(i, frame.getSequence(), "sequence numbers are consecutive from 0");
                assertEquals(
                        captureStart.plusMillis(i * SPACING_MS),
                        frame.getCaptureTime(),
                        "capture time of frame "
                                + i
                                + " = capture start + its timestamp in the file");
                assertEquals(FaceVideo.WIDTH, frame.getWidth());
                assertEquals(FaceVideo.HEIGHT, frame.getHeight());
                assertEquals("ingest-it", frame.getSource().getProducerId());
            }

            // verify: the status endpoint counts them, and nothing was rejected
            assertEquals(
                    EXPECTED_FRAMES, status.accepted(), "accepted count on GET /cameras/" + CAMERA);
            assertEquals(Map.of(), status.rejected());
            assertEquals(EXPECTED_FRAMES - 1L, status.lastAcceptedSequence());
            assertEquals(
                    captureStart.plusMillis((EXPECTED_FRAMES - 1) * SPACING_MS).toEpochMilli(),
                    status.lastAcceptedCaptureTimeMs());
            assertEquals(
                    0, IngestSupport.readAll(stack, topics.dlq(), 0, true).size(), "dead letters");
        }
    }
}
