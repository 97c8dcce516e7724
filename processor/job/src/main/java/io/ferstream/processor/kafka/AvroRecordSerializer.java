package io.ferstream.processor.kafka;

import io.ferstream.registry.AvroSerializer;
import io.ferstream.registry.RegistryConfig;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.util.function.SerializableFunction;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Writes Avro records to one topic in the Confluent wire format through the schema registry, keyed
 * by a string taken from the record (the camera id), so that a camera's events stay in order on one
 * partition.
 */
public final class AvroRecordSerializer<T extends SpecificRecord>
        implements KafkaRecordSerializationSchema<T> {

    private static final long serialVersionUID = 1L;

    private final String topic;
    private final SerializableFunction<T, String> key;
    private final RegistryConfig registry;
    private transient AvroSerializer<T> serializer;

    public AvroRecordSerializer(
            String topic, SerializableFunction<T, String> key, RegistryConfig registry) {
        this.topic = Objects.requireNonNull(topic, "topic");
        this.key = Objects.requireNonNull(key, "key");
        this.registry = Objects.requireNonNull(registry, "registry");
    }

    @Override
    public void open(
            SerializationSchema.InitializationContext context, KafkaSinkContext sinkContext) {
        serializer = new AvroSerializer<>(registry);
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(
            T element, KafkaSinkContext context, Long timestamp) {
        String k = key.apply(element);
        // No timestamp: the producer stamps the time of writing. Event time stays in the record's
        // fields; as the Kafka timestamp it would make the events of replayed old footage expire
        // under the topic's retention the moment they are written.
        return new ProducerRecord<>(
                topic,
                null,
                null,
                k == null ? null : k.getBytes(StandardCharsets.UTF_8),
                serializer.serialize(topic, element));
    }
}
