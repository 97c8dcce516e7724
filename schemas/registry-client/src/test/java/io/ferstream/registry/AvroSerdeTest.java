package io.ferstream.registry;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ferstream.registry.server.SchemaRegistryServer;
import io.ferstream.schema.CameraFrame;
import io.ferstream.schema.FrameRejected;
import io.ferstream.schema.ImageEncoding;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The serdes against a real registry server (in-memory store) over HTTP. */
class AvroSerdeTest {

    private static final String TOPIC = "frames";

    private SchemaRegistryServer registry;
    private RegistryConfig config;

    @BeforeEach
    void startRegistry() {
        registry = SchemaRegistryServer.inMemory();
        config = RegistryConfig.of(registry.url());
    }

    @AfterEach
    void stopRegistry() {
        registry.close();
    }

    @Test
    void aRecordDeclaringMoreThanItHoldsIsCorruptBeforeAnythingIsAllocated() throws IOException {
        try (AvroSerializer<CameraFrame> serializer = new AvroSerializer<>(config);
                AvroDeserializer<CameraFrame> deserializer =
                        new AvroDeserializer<>(CameraFrame.class, config)) {
            byte[] header =
                    Arrays.copyOf(
                            serializer.serialize(TOPIC, Fixtures.frame(7)), WireFormat.HEADER_SIZE);
            // 17 bytes whose image declares about 2 GB: Avro alone allocates that before reading
            byte[] image = HostileRecords.imageDeclaring(header, HostileRecords.TWO_GIGABYTES);
            byte[] cameraId = HostileRecords.cameraIdDeclaring(header, 1L << 30);

            for (byte[] hostile : new byte[][] {image, cameraId}) {
                CorruptPayloadException e =
                        assertThrows(
                                CorruptPayloadException.class,
                                () -> deserializer.deserialize(TOPIC, hostile));
                assertTrue(
                        e.getCause() instanceof BoundedDecoder.DeclaredSizeException,
                        "refused before the allocation: " + e.getCause());
                assertTrue(e.getMessage().contains("more than it holds"), e.getMessage());
            }
            assertEquals(17, image.length);
            assertTrue(
                    deserializer
                                    .deserialize(
                                            TOPIC, serializer.serialize(TOPIC, Fixtures.frame(8)))
                                    .getSequence()
                            == 8,
                    "the next valid record reads");
        }
    }

    @Test
    void shouldRoundTripACameraFrame() {
        CameraFrame frame = Fixtures.frame(7);

        try (AvroSerializer<CameraFrame> serializer = new AvroSerializer<>(config);
                AvroDeserializer<CameraFrame> deserializer =
                        new AvroDeserializer<>(CameraFrame.class, config)) {
            byte[] bytes = serializer.serialize(TOPIC, frame);
            CameraFrame read = deserializer.deserialize(TOPIC, bytes);

            assertEquals(0, bytes[0]);
            assertEquals(frame, read);
            assertEquals(ImageEncoding.JPEG, read.getEncoding());
        }
    }

    @Test
    void shouldRegisterUnderTheTopicNameStrategySubject() throws Exception {
        try (AvroSerializer<CameraFrame> serializer = new AvroSerializer<>(config);
                SchemaRegistryClient client = new SchemaRegistryClient(config)) {
            byte[] bytes = serializer.serialize(TOPIC, Fixtures.frame(1));

            int id = client.lookup("frames-value", CameraFrame.getClassSchema());
            assertEquals(id, WireFormat.schemaId(bytes));
        }
    }

    @Test
    void shouldMapNullToNullBothWays() {
        try (AvroSerializer<CameraFrame> serializer = new AvroSerializer<>(config);
                AvroDeserializer<CameraFrame> deserializer =
                        new AvroDeserializer<>(CameraFrame.class, config)) {
            assertNull(serializer.serialize(TOPIC, null));
            assertNull(deserializer.deserialize(TOPIC, null));
        }
    }

    @Test
    void shouldWorkConfiguredByKafkaPropertiesLikeAClient() {
        Map<String, Object> props =
                Map.of(
                        RegistryConfig.URL,
                        registry.url(),
                        AvroDeserializer.READER_CLASS,
                        CameraFrame.class.getName());
        try (AvroSerializer<CameraFrame> serializer = new AvroSerializer<>();
                AvroDeserializer<CameraFrame> deserializer = new AvroDeserializer<>()) {
            serializer.configure(props, false);
            deserializer.configure(props, false);

            CameraFrame read =
                    deserializer.deserialize(TOPIC, serializer.serialize(TOPIC, Fixtures.frame(3)));

            assertEquals(3, read.getSequence());
        }
    }

    @Test
    void shouldRejectAWrongMagicByteNamingTheTopic() {
        byte[] notAvro = "{\"cameraId\":\"x\"}".getBytes();

        try (AvroDeserializer<CameraFrame> deserializer =
                new AvroDeserializer<>(CameraFrame.class, config)) {
            WrongMagicByteException e =
                    assertThrows(
                            WrongMagicByteException.class,
                            () -> deserializer.deserialize(TOPIC, notAvro));

            assertTrue(e.getMessage().contains("topic frames"), e.getMessage());
        }
    }

    @Test
    void shouldRejectATruncatedPayloadWithoutPrintingIt() {
        try (AvroSerializer<CameraFrame> serializer = new AvroSerializer<>(config);
                AvroDeserializer<CameraFrame> deserializer =
                        new AvroDeserializer<>(CameraFrame.class, config)) {
            byte[] bytes = serializer.serialize(TOPIC, Fixtures.frame(1));
            byte[] truncated = Arrays.copyOf(bytes, bytes.length - 12);

            CorruptPayloadException e =
                    assertThrows(
                            CorruptPayloadException.class,
                            () -> deserializer.deserialize(TOPIC, truncated));

            assertTrue(e.getMessage().contains("schema id"), e.getMessage());
            assertFalse(
                    e.getMessage().contains("cam-1"), "the message must not carry payload content");
            assertFalse(e.getMessage().contains(Arrays.toString(truncated)), e.getMessage());
        }
    }

    @Test
    void shouldRejectTrailingGarbage() {
        try (AvroSerializer<CameraFrame> serializer = new AvroSerializer<>(config);
                AvroDeserializer<CameraFrame> deserializer =
                        new AvroDeserializer<>(CameraFrame.class, config)) {
            byte[] bytes = serializer.serialize(TOPIC, Fixtures.frame(1));
            byte[] longer = Arrays.copyOf(bytes, bytes.length + 3);

            assertThrows(
                    CorruptPayloadException.class, () -> deserializer.deserialize(TOPIC, longer));
        }
    }

    @Test
    void shouldRejectAnUnknownSchemaId() {
        byte[] record = {0, 0, 0, 0x03, (byte) 0xe7, 2, 'x'};

        try (AvroDeserializer<CameraFrame> deserializer =
                new AvroDeserializer<>(CameraFrame.class, config)) {
            UnknownSchemaIdException e =
                    assertThrows(
                            UnknownSchemaIdException.class,
                            () -> deserializer.deserialize(TOPIC, record));

            assertTrue(e.getMessage().contains("999"), e.getMessage());
            assertTrue(e.getMessage().contains("40403"), e.getMessage());
        }
    }

    @Test
    void shouldAddTheRecordLocationWhenTheCallerKnowsIt() {
        try (AvroDeserializer<CameraFrame> deserializer =
                new AvroDeserializer<>(CameraFrame.class, config)) {
            AvroSerdeException e =
                    assertThrows(
                            AvroSerdeException.class,
                            () -> deserializer.deserialize(TOPIC, new byte[] {1, 2}));

            e.withLocation(TOPIC, 3, 42L);

            assertTrue(
                    e.getMessage().endsWith("[topic frames, partition 3, offset 42]"),
                    e.getMessage());
        }
    }

    @Test
    void shouldRefuseAnUnregisteredSchemaWhenAutoRegisterIsOff() {
        try (AvroSerializer<CameraFrame> serializer =
                new AvroSerializer<>(config.withAutoRegister(false))) {
            SchemaNotRegisteredException e =
                    assertThrows(
                            SchemaNotRegisteredException.class,
                            () -> serializer.serialize(TOPIC, Fixtures.frame(1)));

            assertTrue(e.getMessage().contains("auto.register.schemas"), e.getMessage());
            assertTrue(e.getMessage().contains("frames-value"), e.getMessage());
        }
    }

    @Test
    void shouldUseARegisteredSchemaWhenAutoRegisterIsOff() {
        try (SchemaRegistryClient admin = new SchemaRegistryClient(config);
                AvroSerializer<CameraFrame> serializer =
                        new AvroSerializer<>(config.withAutoRegister(false))) {
            int id = admin.register("frames-value", CameraFrame.getClassSchema());

            byte[] bytes = serializer.serialize(TOPIC, Fixtures.frame(1));

            assertEquals(id, WireFormat.schemaId(bytes));
        }
    }

    @Test
    void shouldReadDataWrittenWithAnOlderSchemaIntoTheNewerClass() throws IOException {
        Schema older = Fixtures.cameraFrameWithoutSource();
        int olderId;
        try (SchemaRegistryClient client = new SchemaRegistryClient(config)) {
            olderId = client.register("frames-value", older);
        }
        GenericRecord old = new GenericData.Record(older);
        old.put("cameraId", "cam-old");
        old.put("sequence", 5L);
        old.put("captureTime", 1_600_000_000_000L);
        old.put("width", 320);
        old.put("height", 240);
        old.put(
                "encoding",
                new GenericData.EnumSymbol(older.getField("encoding").schema(), "JPEG"));
        old.put("image", ByteBuffer.wrap(new byte[] {1, 2, 3}));
        byte[] bytes = wireFormat(olderId, older, old);

        try (AvroDeserializer<CameraFrame> deserializer =
                new AvroDeserializer<>(CameraFrame.class, config)) {
            CameraFrame read = deserializer.deserialize(TOPIC, bytes);

            assertEquals("cam-old", read.getCameraId());
            assertEquals(1_600_000_000_000L, read.getCaptureTime().toEpochMilli());
            assertNull(read.getSource(), "a field the writer did not have takes its default");
            assertArrayEquals(new byte[] {1, 2, 3}, read.getImage().array());
        }
    }

    @Test
    void shouldRefuseToReadAnotherRecordTypeAsACameraFrame() {
        try (SchemaRegistryClient client = new SchemaRegistryClient(config);
                AvroDeserializer<CameraFrame> deserializer =
                        new AvroDeserializer<>(CameraFrame.class, config)) {
            int rejectedId = client.register("frames.dlq-value", FrameRejected.getClassSchema());
            byte[] record = {0, 0, 0, 0, (byte) rejectedId, 0};

            IncompatibleSchemaException e =
                    assertThrows(
                            IncompatibleSchemaException.class,
                            () -> deserializer.deserialize(TOPIC, record));

            assertTrue(e.getMessage().contains("FrameRejected"), e.getMessage());
        }
    }

    @Test
    void shouldRoundTripThroughTheSerde() {
        try (AvroSerde<CameraFrame> serde = new AvroSerde<>(CameraFrame.class, config)) {
            CameraFrame frame = Fixtures.frame(11);

            assertEquals(
                    frame,
                    serde.deserializer()
                            .deserialize(TOPIC, serde.serializer().serialize(TOPIC, frame)));
        }
    }

    private static byte[] wireFormat(int id, Schema schema, GenericRecord record)
            throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(WireFormat.header(id));
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        new GenericDatumWriter<GenericRecord>(schema).write(record, encoder);
        encoder.flush();
        return out.toByteArray();
    }
}
