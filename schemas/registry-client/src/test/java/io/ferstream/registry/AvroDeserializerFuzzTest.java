package io.ferstream.registry;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.ferstream.registry.server.SchemaRegistryServer;
import io.ferstream.schema.CameraFrame;
import java.util.Arrays;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Any Avro body behind a registered {@code CameraFrame} schema id, through the wire-format
 * deserializer the gate and the job read every record with: a frame, or a {@link
 * CorruptPayloadException}; never another exception, and never an allocation larger than the record
 * (Jazzer reports an {@code OutOfMemoryError} as a finding). Every build runs the seeds and fuzzes
 * for a few seconds.
 */
class AvroDeserializerFuzzTest {

    private static SchemaRegistryServer registry;
    private static AvroDeserializer<CameraFrame> deserializer;
    private static byte[] header;

    @BeforeAll
    static void start() {
        registry = SchemaRegistryServer.inMemory();
        RegistryConfig config = RegistryConfig.of(registry.url());
        try (AvroSerializer<CameraFrame> serializer = new AvroSerializer<>(config)) {
            header =
                    Arrays.copyOf(
                            serializer.serialize("frames", Fixtures.frame(1)),
                            WireFormat.HEADER_SIZE);
        }
        deserializer = new AvroDeserializer<>(CameraFrame.class, config);
    }

    @AfterAll
    static void stop() {
        deserializer.close();
        registry.close();
    }

    @FuzzTest(maxDuration = "10s")
    void anyBodyIsAFrameOrCorrupt(byte[] body) {
        byte[] record = Arrays.copyOf(header, header.length + body.length);
        System.arraycopy(body, 0, record, header.length, body.length);
        try {
            assertNotNull(deserializer.deserialize("frames", record).getCameraId());
        } catch (CorruptPayloadException expected) {
            // the reason a dead letter carries
        }
    }
}
