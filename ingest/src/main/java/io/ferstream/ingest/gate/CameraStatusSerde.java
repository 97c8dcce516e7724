package io.ferstream.ingest.gate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * JSON (UTF-8) for {@link CameraStatus}: the status store's values and the status topic's values.
 */
public final class CameraStatusSerde implements Serde<CameraStatus> {

    static final ObjectMapper JSON =
            new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    public static byte[] toJson(Object value) {
        try {
            return JSON.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new SerializationException(
                    "cannot write camera status as JSON: " + e.getOriginalMessage());
        }
    }

    @Override
    public Serializer<CameraStatus> serializer() {
        return (topic, status) -> status == null ? null : toJson(status);
    }

    @Override
    public Deserializer<CameraStatus> deserializer() {
        return (topic, bytes) -> {
            if (bytes == null) {
                return null;
            }
            try {
                return JSON.readValue(bytes, CameraStatus.class);
            } catch (IOException e) {
                throw new SerializationException(
                        "cannot read camera status JSON from " + topic + ": " + e.getMessage());
            }
        };
    }
}
