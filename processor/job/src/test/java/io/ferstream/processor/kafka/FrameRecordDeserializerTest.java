package io.ferstream.processor.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ferstream.processor.records.SourcedFrame;
import io.ferstream.registry.AvroSerializer;
import io.ferstream.registry.HostileRecords;
import io.ferstream.registry.RegistryConfig;
import io.ferstream.registry.server.SchemaRegistryServer;
import io.ferstream.schema.CameraFrame;
import io.ferstream.schema.FrameRejected;
import io.ferstream.schema.ImageEncoding;
import io.ferstream.schema.RejectReason;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The source's reader against a real registry over HTTP (in-memory store). */
class FrameRecordDeserializerTest {

    private static SchemaRegistryServer registry;
    private static FrameRecordDeserializer deserializer;
    private static byte[] validValue;

    @BeforeAll
    static void startRegistry() {
        registry = SchemaRegistryServer.inMemory();
        RegistryConfig config = RegistryConfig.of(registry.url());
        CameraFrame frame =
                CameraFrame.newBuilder()
                        .setCameraId("cam")
                        .setSequence(1)
                        .setCaptureTime(Instant.ofEpochMilli(1000))
                        .setWidth(2)
                        .setHeight(2)
                        .setEncoding(ImageEncoding.JPEG)
                        .setImage(ByteBuffer.wrap(new byte[] {1, 2, 3}))
                        .build();
        try (AvroSerializer<CameraFrame> serializer = new AvroSerializer<>(config)) {
            validValue = serializer.serialize("frames", frame);
        }
        deserializer = new FrameRecordDeserializer(config);
        deserializer.open(null);
    }

    @AfterAll
    static void stopRegistry() {
        registry.close();
    }

    private static ConsumerRecord<byte[], byte[]> record(byte[] value) {
        return new ConsumerRecord<>(
                "frames", 3, 77L, "cam".getBytes(StandardCharsets.UTF_8), value);
    }

    @Test
    void shouldReadAValidFrameWithItsCoordinates() throws Exception {
        List<SourcedFrame> out = new ArrayList<>();

        deserializer.deserialize(record(validValue), collector(out));

        assertEquals(1, out.size());
        assertEquals(1, out.get(0).frame.getSequence());
        assertEquals(3, out.get(0).partition);
        assertEquals(77L, out.get(0).offset);
    }

    @Test
    void shouldDeadLetterAWrongMagicByteWithItsCoordinates() throws Exception {
        List<SourcedFrame> out = new ArrayList<>();
        byte[] wrong = validValue.clone();
        wrong[0] = 7;

        deserializer.deserialize(record(wrong), collector(out));

        assertEquals(1, out.size());
        assertEquals(RejectReason.UNDECODABLE_RECORD, out.get(0).rejected.getReason());
        assertEquals("cam", out.get(0).rejected.getCameraId());
        assertEquals(77L, out.get(0).rejected.getSourceOffset());
    }

    @Test
    void shouldDeadLetterARecordDeclaringTwoGigabytesWithoutAllocatingThem() throws Exception {
        List<SourcedFrame> out = new ArrayList<>();
        byte[] hostile = HostileRecords.imageDeclaring(validValue, HostileRecords.TWO_GIGABYTES);

        deserializer.deserialize(record(hostile), collector(out));
        deserializer.deserialize(record(validValue), collector(out));

        assertEquals(2, out.size());
        assertEquals(RejectReason.UNDECODABLE_RECORD, out.get(0).rejected.getReason());
        assertTrue(
                out.get(0).rejected.getMessage().contains("declares 2147483639 bytes"),
                out.get(0).rejected.getMessage());
        assertEquals(1, out.get(1).frame.getSequence(), "the next frame reads");
    }

    @Test
    void shouldDeadLetterACameraIdOutsideThePolicyWithoutRepeatingIt() throws Exception {
        String hostileId = "cam\n\"" + "x".repeat(5000) + "\u0000";
        CameraFrame frame =
                CameraFrame.newBuilder()
                        .setCameraId(hostileId)
                        .setSequence(4)
                        .setCaptureTime(Instant.ofEpochMilli(1000))
                        .setWidth(2)
                        .setHeight(2)
                        .setEncoding(ImageEncoding.JPEG)
                        .setImage(ByteBuffer.wrap(new byte[] {1, 2, 3}))
                        .build();
        byte[] value;
        try (AvroSerializer<CameraFrame> serializer =
                new AvroSerializer<>(RegistryConfig.of(registry.url()))) {
            value = serializer.serialize("frames", frame);
        }
        List<SourcedFrame> out = new ArrayList<>();

        deserializer.deserialize(
                new ConsumerRecord<>(
                        "frames", 0, 9L, hostileId.getBytes(StandardCharsets.UTF_8), value),
                collector(out));

        FrameRejected letter = out.get(0).rejected;
        assertEquals(RejectReason.INVALID_CAMERA_ID, letter.getReason());
        assertNull(letter.getCameraId(), "the id is not repeated as a camera id");
        assertTrue(letter.getMessage().length() < 200, letter.getMessage());
        assertTrue(letter.getMessage().contains("5006 characters"), letter.getMessage());
    }

    @Test
    void shouldLetADownstreamFailureFailTheJobInsteadOfDeadLetteringAValidFrame() {
        // collect() runs the chained operators; their failure is not the record's fault
        List<SourcedFrame> collected = new ArrayList<>();
        RuntimeException downstream = new IllegalStateException("chained operator failed");
        Collector<SourcedFrame> failing =
                new Collector<>() {
                    @Override
                    public void collect(SourcedFrame record) {
                        collected.add(record);
                        throw downstream;
                    }

                    @Override
                    public void close() {}
                };

        RuntimeException thrown =
                assertThrows(
                        RuntimeException.class,
                        () -> deserializer.deserialize(record(validValue), failing));

        assertSame(downstream, thrown);
        assertEquals(1, collected.size(), "collected once, as a frame");
        assertTrue(!collected.get(0).isRejected());
    }

    private static Collector<SourcedFrame> collector(List<SourcedFrame> out) {
        return new Collector<>() {
            @Override
            public void collect(SourcedFrame record) {
                out.add(record);
            }

            @Override
            public void close() {}
        };
    }
}
