package io.ferstream.it.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ferstream.ingest.camera.CameraProducer;
import io.ferstream.ingest.camera.CameraProducerConfig;
import io.ferstream.ingest.camera.SourceOptions;
import io.ferstream.ingest.camera.SourceSpec;
import io.ferstream.registry.AvroDeserializer;
import io.ferstream.registry.RegistryConfig;
import io.ferstream.schema.CameraFrame;
import io.ferstream.stack.EmbeddedStack;
import io.ferstream.stack.EmbeddedStackExtension;
import io.ferstream.stack.KafkaTestSupport;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * ferstream-camera on a live network stream through real FFmpeg: an MJPEG-over-HTTP camera on
 * loopback that drops the connection twice and then stays down. The camera reconnects with backoff,
 * loses no frame it was served, keeps one sequence across reconnections, and gives up after its
 * bound of failed reconnects with a clear error.
 */
@ExtendWith(EmbeddedStackExtension.class)
class IngestHttpStreamIT {
    private static final String CAMERA = "gate-cam";
    private static final int FRAMES_PER_CONNECTION = 6;
    private static final int MAX_RECONNECTS = 2;

    @Test
    void shouldReconnectAfterDropsWithoutLosingFramesAndGiveUpWhenTheCameraStaysDown(
            EmbeddedStack stack) throws Exception {
        // configure: three connections' worth of frames, each session its own picture (and size),
        // so
        // every record shows which connection it came from; the camera keeps every frame at source
        // size
        byte[] grace = Files.readAllBytes(FaceVideo.fixture("grace_hopper_512x512.jpg"));
        byte[] group = Files.readAllBytes(FaceVideo.fixture("sample1.jpg"));
        List<byte[]> sessions = List.of(grace, group, grace);
        List<int[]> sizes =
                List.of(new int[] {512, 512}, new int[] {1920, 1280}, new int[] {512, 512});
        String topic = KafkaTestSupport.newTopic(stack, "frames.raw");
        RegistryConfig registry = RegistryConfig.of(stack.registryUrl());

        try (MjpegHttpCamera http = new MjpegHttpCamera(sessions, FRAMES_PER_CONNECTION, 50);
                AvroDeserializer<CameraFrame> frames =
                        new AvroDeserializer<>(CameraFrame.class, registry)) {
            CameraProducerConfig config =
                    new CameraProducerConfig(
                            CAMERA,
                            SourceSpec.parse(http.url()),
                            SourceOptions.defaults(),
                            0,
                            0,
                            85,
                            true,
                            stack.bootstrapServers(),
                            topic,
                            registry,
                            Map.of(),
                            0,
                            MAX_RECONNECTS,
                            Duration.ofMillis(100),
                            Duration.ofSeconds(1),
                            Duration.ofSeconds(10),
                            "http-it");

            // act
            CameraProducer.Summary summary;
            try (CameraProducer producer = new CameraProducer(config)) {
                summary = producer.run();
            }
            int served = sessions.size() * FRAMES_PER_CONNECTION;
            List<ConsumerRecord<String, byte[]>> records =
                    IngestSupport.readAll(stack, topic, served, false);

            // verify: two drops survived, then the bound of failed reconnects ended the run with a
            // clear reason
            assertEquals(MAX_RECONNECTS, summary.reconnects(), "successful reconnections");
            assertEquals(sessions.size(), http.served(), "connections streamed to");
            assertTrue(http.refused() >= MAX_RECONNECTS, "refused requests: " + http.refused());
            assertNotNull(summary.firstError(), "a camera that stays down ends the run");
            assertTrue(
                    summary.firstError()
                            .startsWith("gave up on " + http.url() + " after " + MAX_RECONNECTS),
                    summary.firstError());

            // verify: every frame served reached Kafka once, in order, one sequence across
            // connections,
            // each with its connection's picture size, capture times not going back
            assertEquals(served, summary.acked(), "frames acknowledged");
            assertEquals(served, records.size(), "records on the topic");
            long previousCapture = Long.MIN_VALUE;
            for (int i = 0; i < served; i++) {
                CameraFrame frame = frames.deserialize(topic, records.get(i).value());
                int[] size = sizes.get(i / FRAMES_PER_CONNECTION);
                assertEquals(CAMERA, records.get(i).key());
                assertEquals(i, frame.getSequence(), "sequence of record " + i);
                assertEquals(size[0], frame.getWidth(), "width of record " + i);
                assertEquals(size[1], frame.getHeight(), "height of record " + i);
                assertTrue(
                        frame.getCaptureTime().toEpochMilli() >= previousCapture,
                        "capture time of record " + i);
                previousCapture = frame.getCaptureTime().toEpochMilli();
            }
        }
    }
}
