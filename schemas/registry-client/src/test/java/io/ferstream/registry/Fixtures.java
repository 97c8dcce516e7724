package io.ferstream.registry;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ferstream.schema.CameraFrame;
import io.ferstream.schema.ImageEncoding;
import io.ferstream.schema.SourceMetadata;
import java.nio.ByteBuffer;
import java.time.Instant;
import org.apache.avro.Schema;

/** Records and schemas shared by the registry tests. */
final class Fixtures {

    private Fixtures() {}

    static CameraFrame frame(long sequence) {
        return CameraFrame.newBuilder()
                .setCameraId("cam-1")
                .setSequence(sequence)
                .setCaptureTime(Instant.ofEpochMilli(1_700_000_000_000L + sequence))
                .setWidth(640)
                .setHeight(480)
                .setEncoding(ImageEncoding.JPEG)
                .setImage(ByteBuffer.wrap(new byte[] {(byte) 0xff, (byte) 0xd8, 1, 2, 3}))
                .setSource(
                        SourceMetadata.newBuilder()
                                .setSourceUri("file:/tmp/a.jpg")
                                .setProducerId("test")
                                .build())
                .build();
    }

    /** CameraFrame as an earlier release might have had it: without the optional {@code source}. */
    static Schema cameraFrameWithoutSource() {
        return withoutField(CameraFrame.getClassSchema(), "source");
    }

    /** CameraFrame with a new required field and no default: breaks BACKWARD compatibility. */
    static Schema cameraFrameWithRequiredField() {
        try {
            ObjectMapper json = new ObjectMapper();
            ObjectNode schema = (ObjectNode) json.readTree(CameraFrame.getClassSchema().toString());
            ((ArrayNode) schema.get("fields"))
                    .addObject()
                    .put("name", "exposureMicros")
                    .put("type", "long");
            return new Schema.Parser().parse(schema.toString());
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static Schema withoutField(Schema schema, String field) {
        try {
            ObjectMapper json = new ObjectMapper();
            ObjectNode node = (ObjectNode) json.readTree(schema.toString());
            ArrayNode fields = (ArrayNode) node.get("fields");
            for (int i = 0; i < fields.size(); i++) {
                if (fields.get(i).path("name").asText().equals(field)) {
                    fields.remove(i);
                    break;
                }
            }
            return new Schema.Parser().parse(node.toString());
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
