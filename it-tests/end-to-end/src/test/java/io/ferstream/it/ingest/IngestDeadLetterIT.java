package io.ferstream.it.ingest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.ferstream.ingest.gate.CameraStatus;
import io.ferstream.ingest.gate.FrameGate;
import io.ferstream.it.ingest.IngestSupport.GateTopics;
import io.ferstream.registry.AvroDeserializer;
import io.ferstream.registry.AvroSerializer;
import io.ferstream.registry.RegistryConfig;
import io.ferstream.registry.WireFormat;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Poison mixed with valid frames on the raw topic: each bad record becomes one dead letter that
 * says why and where it came from, and the valid frames still pass exactly once, in order.
 */
@ExtendWith(EmbeddedStackExtension.class)
class IngestDeadLetterIT {

    private static final String LOBBY = "lobby";
    private static final String DOOR = "door";
    private static final String GARAGE = "garage"; // not on the allow-list
    private static final int FACE_SIZE = 512;

    @TempDir Path dir;

    /**
     * One record to send and what the gate must do with it: accept (null) or reject for a reason.
     */
    private record Case(
            ProducerRecord<byte[], byte[]> record,
            RejectReason expected,
            String camera,
            Long sequence) {}

    @Test
    void shouldDeadLetterPoisonAndPassValidFramesExactlyOnceInOrder(EmbeddedStack stack)
            throws Exception {
        // configure: a gate allowing lobby and door at 5 fps, and a raw topic mixing valid frames
        // with poison
        GateTopics topics = GateTopics.create(stack);
        RegistryConfig registry = RegistryConfig.of(stack.registryUrl());
        byte[] face = Files.readAllBytes(FaceVideo.grace());
        Instant t0 = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        List<Case> cases = new ArrayList<>();
        try (AvroSerializer<CameraFrame> serializer = new AvroSerializer<>(registry)) {
            Frames f = new Frames(serializer, topics.raw(), face, t0);
            cases.add(new Case(f.valid(LOBBY, 0, 0), null, LOBBY, 0L));
            cases.add(
                    new Case(
                            f.withMagicByte(f.valid(LOBBY, 1, 200), (byte) 7),
                            RejectReason.UNDECODABLE_RECORD,
                            LOBBY,
                            null));
            cases.add(new Case(f.valid(LOBBY, 2, 200), null, LOBBY, 2L));
            cases.add(
                    new Case(
                            f.declaring(LOBBY, 3, 400, 640, 480),
                            RejectReason.DIMENSIONS_MISMATCH,
                            LOBBY,
                            3L));
            cases.add(
                    new Case(
                            f.valid(LOBBY, 4, 300),
                            RejectReason.RATE_LIMITED,
                            LOBBY,
                            4L)); // 100 ms after seq 2
            cases.add(new Case(f.valid(GARAGE, 0, 0), RejectReason.CAMERA_NOT_ALLOWED, GARAGE, 0L));
            cases.add(new Case(f.valid(DOOR, 0, 100), null, DOOR, 0L));
            cases.add(
                    new Case(
                            f.withSchemaId(f.valid(LOBBY, 5, 500), 987_654),
                            RejectReason.UNKNOWN_SCHEMA,
                            LOBBY,
                            null));
            cases.add(
                    new Case(
                            f.valid(LOBBY, 6, -3_600_000),
                            RejectReason.STALE,
                            LOBBY,
                            6L)); // an hour old
            cases.add(
                    new Case(
                            f.valid(LOBBY, 7, 400),
                            null,
                            LOBBY,
                            7L)); // 200 ms after seq 2: the limit exactly
            cases.add(new Case(f.valid(DOOR, 1, 300), null, DOOR, 1L));
        }
        List<Case> valid = cases.stream().filter(c -> c.expected() == null).toList();
        List<Case> poison = cases.stream().filter(c -> c.expected() != null).toList();

        try (FrameGate gate =
                        new FrameGate(
                                IngestSupport.gate(stack, topics, dir.resolve("gate-state"))
                                        .maxFpsPerCamera(5)
                                        .allowedCameras(Set.of(LOBBY, DOOR))
                                        .build());
                AvroDeserializer<FrameRejected> rejections =
                        new AvroDeserializer<>(FrameRejected.class, registry)) {
            gate.start();

            // act
            KafkaTestSupport.produceRaw(stack, cases.stream().map(Case::record).toList());
            List<ConsumerRecord<String, byte[]>> accepted =
                    IngestSupport.readAll(stack, topics.frames(), valid.size(), true);
            List<ConsumerRecord<String, byte[]>> deadLetters =
                    IngestSupport.readAll(stack, topics.dlq(), poison.size(), true);
            CameraStatus lobby =
                    IngestSupport.awaitStatus(
                            gate, LOBBY, s -> s.accepted() + s.rejectedTotal() >= 8);

            // verify: the valid frames, once each, in the order sent, byte for byte with their keys
            assertEquals(valid.size(), accepted.size(), "committed records on the frames topic");
            for (int i = 0; i < valid.size(); i++) {
                assertEquals(
                        valid.get(i).camera(), accepted.get(i).key(), "key of accepted frame " + i);
                assertArrayEquals(
                        valid.get(i).record().value(),
                        accepted.get(i).value(),
                        "value bytes of accepted frame " + i);
            }

            // verify: one dead letter per poison record, in order, with its reason and coordinates
            assertEquals(poison.size(), deadLetters.size(), "committed dead letters");
            for (int i = 0; i < poison.size(); i++) {
                Case sent = poison.get(i);
                FrameRejected letter =
                        rejections.deserialize(topics.dlq(), deadLetters.get(i).value());
                String what = "dead letter " + i + " (" + sent.expected() + ")";
                assertEquals(sent.expected(), letter.getReason(), what);
                assertEquals(sent.camera(), letter.getCameraId(), what);
                assertEquals(sent.camera(), deadLetters.get(i).key(), what);
                assertEquals(sent.sequence(), letter.getFrameSequence(), what);
                assertEquals(topics.raw(), letter.getSourceTopic(), what);
                assertEquals(0, letter.getSourcePartition(), what);
                assertEquals(
                        cases.indexOf(sent),
                        letter.getSourceOffset(),
                        what + ": offset on the raw topic");
                assertEquals("frame-gate", letter.getRejectedBy(), what);
                assertFalse(letter.getMessage().isBlank(), what + " explains itself");
            }
            assertNull(
                    rejections
                            .deserialize(topics.dlq(), deadLetters.get(0).value())
                            .getCaptureTime(),
                    "an undecodable record has no capture time");

            // verify: the status endpoint counts lobby's frames by outcome
            assertEquals(3, lobby.accepted());
            assertEquals(
                    Map.of(
                            "UNDECODABLE_RECORD",
                            1L,
                            "DIMENSIONS_MISMATCH",
                            1L,
                            "RATE_LIMITED",
                            1L,
                            "UNKNOWN_SCHEMA",
                            1L,
                            "STALE",
                            1L),
                    lobby.rejected());
            assertEquals(7L, lobby.lastAcceptedSequence());
        }
    }

    /**
     * Raw records for the gate: valid frames serialized through the registry, and poison made from
     * them.
     */
    private record Frames(
            AvroSerializer<CameraFrame> serializer, String topic, byte[] jpeg, Instant t0) {

        ProducerRecord<byte[], byte[]> valid(String camera, long sequence, long offsetMillis) {
            return declaring(camera, sequence, offsetMillis, FACE_SIZE, FACE_SIZE);
        }

        /** A frame whose declared size may disagree with its JPEG (512x512). */
        ProducerRecord<byte[], byte[]> declaring(
                String camera, long sequence, long offsetMillis, int width, int height) {
            CameraFrame frame =
                    CameraFrame.newBuilder()
                            .setCameraId(camera)
                            .setSequence(sequence)
                            .setCaptureTime(t0.plusMillis(offsetMillis))
                            .setWidth(width)
                            .setHeight(height)
                            .setEncoding(ImageEncoding.JPEG)
                            .setImage(ByteBuffer.wrap(jpeg))
                            .build();
            return new ProducerRecord<>(
                    topic,
                    camera.getBytes(StandardCharsets.UTF_8),
                    serializer.serialize(topic, frame));
        }

        ProducerRecord<byte[], byte[]> withMagicByte(
                ProducerRecord<byte[], byte[]> record, byte magic) {
            byte[] value = record.value().clone();
            value[0] = magic;
            return new ProducerRecord<>(topic, record.key(), value);
        }

        ProducerRecord<byte[], byte[]> withSchemaId(
                ProducerRecord<byte[], byte[]> record, int schemaId) {
            byte[] value = record.value().clone();
            System.arraycopy(WireFormat.header(schemaId), 0, value, 0, WireFormat.HEADER_SIZE);
            return new ProducerRecord<>(topic, record.key(), value);
        }
    }
}
