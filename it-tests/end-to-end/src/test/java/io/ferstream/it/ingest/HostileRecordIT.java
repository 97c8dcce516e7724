package io.ferstream.it.ingest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ferstream.it.ingest.IngestSupport.GateTopics;
import io.ferstream.registry.AvroDeserializer;
import io.ferstream.registry.AvroSerializer;
import io.ferstream.registry.HostileRecords;
import io.ferstream.registry.RegistryConfig;
import io.ferstream.schema.CameraFrame;
import io.ferstream.schema.FrameRejected;
import io.ferstream.schema.ImageEncoding;
import io.ferstream.schema.RejectReason;
import io.ferstream.stack.EmbeddedStack;
import io.ferstream.stack.EmbeddedStackExtension;
import io.ferstream.stack.KafkaTestSupport;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A 17-byte record whose image declares about 2 GB and a frame whose camera id is 5,000 characters
 * with a newline, a quote and a NUL, fed to the shipped gate running as its own process on a 256 MB
 * heap, between two valid frames. Avro alone allocates the declared length before reading it: the
 * gate died of {@code OutOfMemoryError} on that record, again after every thread replacement, and
 * forwarded nothing more. Now the record is a dead letter and the frames around it pass, once each,
 * in order; the camera id is refused as such and named nowhere.
 */
@ExtendWith(EmbeddedStackExtension.class)
class HostileRecordIT {

    private static final String CAMERA = "lobby";

    /** 5,000 characters with a newline, a quote and a NUL: a camera id no system should store. */
    private static final String BAD_ID = "cam\n\"" + "x".repeat(5000) + "\u0000";

    @TempDir Path dir;

    @Test
    void aRecordDeclaringTwoGigabytesIsADeadLetterOnA256MbGate(EmbeddedStack stack)
            throws Exception {
        GateTopics topics = GateTopics.create(stack);
        RegistryConfig registry = RegistryConfig.of(stack.registryUrl());
        byte[] jpeg = Files.readAllBytes(FaceVideo.grace());
        Instant t0 = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        byte[] first;
        byte[] last;
        byte[] hostile;
        byte[] badId;
        try (AvroSerializer<CameraFrame> serializer = new AvroSerializer<>(registry)) {
            first = serializer.serialize(topics.raw(), frame(0, t0, jpeg));
            last = serializer.serialize(topics.raw(), frame(2, t0.plusMillis(400), jpeg));
            hostile = HostileRecords.imageDeclaring(first, HostileRecords.TWO_GIGABYTES);
            badId = serializer.serialize(topics.raw(), frame(BAD_ID, 1, t0.plusMillis(200), jpeg));
        }
        assertEquals(17, hostile.length);

        Process gate = startGate(stack, topics);
        try (AvroDeserializer<FrameRejected> rejections =
                new AvroDeserializer<>(FrameRejected.class, registry)) {
            KafkaTestSupport.produceRaw(
                    stack,
                    List.of(
                            raw(topics, CAMERA, first),
                            raw(topics, CAMERA, hostile),
                            raw(topics, BAD_ID, badId),
                            raw(topics, CAMERA, last)));

            List<ConsumerRecord<String, byte[]>> accepted =
                    IngestSupport.readAll(stack, topics.frames(), 2, true);
            List<ConsumerRecord<String, byte[]>> deadLetters =
                    IngestSupport.readAll(stack, topics.dlq(), 2, true);

            assertTrue(gate.isAlive(), "the gate runs on");
            assertEquals(2, accepted.size(), "the frames around the record, once each");
            assertArrayEquals(first, accepted.get(0).value());
            assertArrayEquals(last, accepted.get(1).value());
            assertEquals(2, deadLetters.size());
            FrameRejected letter = rejections.deserialize(topics.dlq(), deadLetters.get(0).value());
            assertEquals(RejectReason.UNDECODABLE_RECORD, letter.getReason());
            assertEquals(1L, letter.getSourceOffset());
            assertEquals(CAMERA, letter.getCameraId());
            assertTrue(
                    letter.getMessage().contains("declares 2147483639 bytes"), letter.getMessage());
            FrameRejected named = rejections.deserialize(topics.dlq(), deadLetters.get(1).value());
            assertEquals(RejectReason.INVALID_CAMERA_ID, named.getReason());
            assertEquals(2L, named.getSourceOffset());
            assertEquals(null, named.getCameraId(), "an invalid id is not repeated as one");
            assertEquals(null, deadLetters.get(1).key());
            assertTrue(named.getMessage().length() < 200, named.getMessage());
        } finally {
            IngestSupport.stopGateProcess(gate);
        }
    }

    /** The shipped gate jar in a JVM of its own, with a 256 MB heap. */
    private Process startGate(EmbeddedStack stack, GateTopics topics) throws Exception {
        return IngestSupport.startGateProcess(
                stack,
                topics,
                dir,
                List.of("-Xmx256m", "-XX:+ExitOnOutOfMemoryError"),
                List.of("--http-port", "0", "--max-age", "2m"));
    }

    private static ProducerRecord<byte[], byte[]> raw(
            GateTopics topics, String camera, byte[] value) {
        return new ProducerRecord<>(topics.raw(), camera.getBytes(StandardCharsets.UTF_8), value);
    }

    private static CameraFrame frame(long sequence, Instant capture, byte[] jpeg) {
        return frame(CAMERA, sequence, capture, jpeg);
    }

    private static CameraFrame frame(String camera, long sequence, Instant capture, byte[] jpeg) {
        return CameraFrame.newBuilder()
                .setCameraId(camera)
                .setSequence(sequence)
                .setCaptureTime(capture)
                .setWidth(512)
                .setHeight(512)
                .setEncoding(ImageEncoding.JPEG)
                .setImage(ByteBuffer.wrap(jpeg))
                .build();
    }
}
