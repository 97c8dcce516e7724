package io.ferstream.stack;

import static io.ferstream.stack.KafkaTestSupport.consume;
import static io.ferstream.stack.KafkaTestSupport.newTopic;
import static io.ferstream.stack.KafkaTestSupport.produce;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.ferstream.registry.AvroDeserializer;
import io.ferstream.registry.AvroSerializer;
import io.ferstream.registry.RegistryConfig;
import io.ferstream.registry.SchemaRegistryClient;
import io.ferstream.registry.WireFormat;
import io.ferstream.schema.CameraFrame;
import io.ferstream.schema.ExpressionEvent;
import io.ferstream.schema.FrameRejected;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Every FerStream record type through the real broker and the registry, configured like a Kafka
 * client.
 */
@ExtendWith(EmbeddedStackExtension.class)
class RecordRoundTripIT {

    @Test
    void shouldRoundTripCameraFrames(EmbeddedStack stack) throws Exception {
        roundTrip(stack, CameraFrame.class, List.of(Records.frame(1), Records.frame(2)));
    }

    @Test
    void shouldRoundTripExpressionEvents(EmbeddedStack stack) throws Exception {
        roundTrip(stack, ExpressionEvent.class, List.of(Records.trackEnded()));
    }

    @Test
    void shouldRoundTripRejectedFrames(EmbeddedStack stack) throws Exception {
        roundTrip(stack, FrameRejected.class, List.of(Records.rejected()));
    }

    private static <T extends SpecificRecord> void roundTrip(
            EmbeddedStack stack, Class<T> type, List<T> records) throws Exception {
        // configure: serdes built by properties, as Kafka clients build them
        String topic = newTopic(stack, "roundtrip-" + type.getSimpleName());
        Map<String, Object> props =
                Map.of(
                        RegistryConfig.URL,
                        stack.registryUrl(),
                        AvroDeserializer.READER_CLASS,
                        type.getName());
        try (AvroSerializer<T> serializer = new AvroSerializer<>();
                AvroDeserializer<T> deserializer = new AvroDeserializer<>();
                SchemaRegistryClient registry =
                        new SchemaRegistryClient(RegistryConfig.of(stack.registryUrl()))) {
            serializer.configure(props, false);
            deserializer.configure(props, false);

            // act
            produce(stack, topic, serializer, records);
            List<ConsumerRecord<String, T>> read =
                    consume(stack, topic, deserializer, records.size());
            List<ConsumerRecord<String, byte[]>> raw =
                    consume(stack, topic, new ByteArrayDeserializer(), 1);

            // verify: same records, written against the subject's registered id
            assertEquals(records, read.stream().map(ConsumerRecord::value).toList());
            int registeredId = registry.lookup(topic + "-value", records.get(0).getSchema());
            assertEquals(registeredId, WireFormat.schemaId(raw.get(0).value()));
        }
    }
}
