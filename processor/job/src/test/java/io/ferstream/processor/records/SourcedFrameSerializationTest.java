package io.ferstream.processor.records;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.ferstream.schema.CameraFrame;
import io.ferstream.schema.ImageEncoding;
import java.nio.ByteBuffer;
import java.time.Instant;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

/**
 * Frames in flight are part of checkpoints (the async operator's state) and cross the network: what
 * Flink's serializer writes and reads back must be the same image, byte for byte, however often it
 * is written.
 */
class SourcedFrameSerializationTest {

    private static byte[] remaining(ByteBuffer b) {
        ByteBuffer d = b.duplicate();
        byte[] out = new byte[d.remaining()];
        d.get(out);
        return out;
    }

    @Test
    void shouldKeepTheImageBytesThroughSnapshotsAndCopies() throws Exception {
        byte[] image = new byte[5000];
        for (int i = 0; i < image.length; i++) {
            image[i] = (byte) (i * 31);
        }
        CameraFrame frame =
                CameraFrame.newBuilder()
                        .setCameraId("cam")
                        .setSequence(7)
                        .setCaptureTime(Instant.ofEpochMilli(1000))
                        .setWidth(2)
                        .setHeight(2)
                        .setEncoding(ImageEncoding.JPEG)
                        .setImage(ByteBuffer.wrap(image))
                        .build();
        SourcedFrame original = SourcedFrame.frame(frame, "frames", 1, 42, 1_700_000_000_123L);
        TypeSerializer<SourcedFrame> serializer =
                TypeInformation.of(SourcedFrame.class).createSerializer(new SerializerConfigImpl());

        // written twice, as two checkpoints would, and copied, as chaining does
        for (int round = 0; round < 2; round++) {
            DataOutputSerializer out = new DataOutputSerializer(8192);
            serializer.serialize(original, out);
            SourcedFrame restored =
                    serializer.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));
            assertArrayEquals(image, remaining(restored.frame.getImage()), "round " + round);
            assertEquals(42, restored.offset);
            assertEquals(1_700_000_000_123L, restored.recordTimestamp);
        }
        assertArrayEquals(image, remaining(original.frame.getImage()), "the original is untouched");
        assertArrayEquals(image, remaining(serializer.copy(original).frame.getImage()));
    }
}
