package io.ferstream.registry;

import java.util.HashMap;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * {@link AvroSerializer} and {@link AvroDeserializer} of one generated class, for Kafka Streams.
 */
public class AvroSerde<T extends SpecificRecord> implements Serde<T> {

    private final Class<T> type;
    private AvroSerializer<T> serializer;
    private AvroDeserializer<T> deserializer;

    /** A value serde. */
    public AvroSerde(Class<T> type, RegistryConfig config) {
        this(type, config, false);
    }

    public AvroSerde(Class<T> type, RegistryConfig config, boolean isKey) {
        this.type = type;
        this.serializer = new AvroSerializer<>(config, isKey);
        this.deserializer = new AvroDeserializer<>(type, config);
    }

    /**
     * Reconfigures both sides from Confluent properties (what Kafka Streams calls for default
     * serdes).
     */
    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        Map<String, Object> withClass = new HashMap<>(configs);
        withClass.put(AvroDeserializer.READER_CLASS, type.getName());
        serializer = new AvroSerializer<>();
        serializer.configure(withClass, isKey);
        deserializer = new AvroDeserializer<>();
        deserializer.configure(withClass, isKey);
    }

    @Override
    public Serializer<T> serializer() {
        return serializer;
    }

    @Override
    public Deserializer<T> deserializer() {
        return deserializer;
    }

    @Override
    public void close() {
        serializer.close();
        deserializer.close();
    }
}
