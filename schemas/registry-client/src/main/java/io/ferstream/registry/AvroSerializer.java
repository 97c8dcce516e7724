package io.ferstream.registry;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Writes generated Avro records in Confluent's wire format, registering (or, with {@code
 * auto.register.schemas=false}, looking up) the record's schema under the subject {@code
 * <topic>-value} or {@code <topic>-key} (TopicNameStrategy).
 *
 * <p>Kafka clients use the no-arg constructor and {@link #configure(Map, boolean)} with Confluent's
 * property names (see {@link RegistryConfig#fromProperties(Map)}). A null record becomes null (a
 * tombstone). Thread-safe.
 */
public class AvroSerializer<T extends SpecificRecord> implements Serializer<T> {

    private SchemaRegistryClient client;
    private boolean isKey;
    private final Map<Schema, DatumWriter<T>> writers = new ConcurrentHashMap<>();

    /** For Kafka clients: call {@link #configure(Map, boolean)} before use. */
    public AvroSerializer() {}

    /** A value serializer for this registry. */
    public AvroSerializer(RegistryConfig config) {
        this(config, false);
    }

    public AvroSerializer(RegistryConfig config, boolean isKey) {
        this(new SchemaRegistryClient(config), isKey);
    }

    /**
     * A serializer on {@code client}, which it then owns and closes: hand in a client that already
     * registered or looked up the schema, and the first record needs no registry round trip (a
     * camera that found the registry at start keeps producing if it goes down just after).
     */
    public AvroSerializer(SchemaRegistryClient client, boolean isKey) {
        this.client = client;
        this.isKey = isKey;
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        this.client = new SchemaRegistryClient(RegistryConfig.fromProperties(configs));
        this.isKey = isKey;
    }

    /** TopicNameStrategy: {@code <topic>-key} or {@code <topic>-value}. */
    public static String subject(String topic, boolean isKey) {
        return topic + (isKey ? "-key" : "-value");
    }

    @Override
    public byte[] serialize(String topic, T record) {
        if (record == null) {
            return null;
        }
        if (client == null) {
            throw new IllegalStateException(
                    "AvroSerializer is not configured: call configure(props, isKey) or use "
                            + "new AvroSerializer<>(RegistryConfig)");
        }
        Schema schema = record.getSchema();
        String subject = subject(topic, isKey);
        try {
            int id =
                    client.config().autoRegister()
                            ? client.register(subject, schema)
                            : client.lookup(subject, schema);
            ByteArrayOutputStream out = new ByteArrayOutputStream(256);
            out.write(WireFormat.header(id));
            BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
            writers.computeIfAbsent(schema, s -> new SpecificDatumWriter<>(s))
                    .write(record, encoder);
            encoder.flush();
            return out.toByteArray();
        } catch (AvroSerdeException e) {
            throw e.inTopic(topic);
        } catch (IOException | AvroRuntimeException | ClassCastException | NullPointerException e) {
            // An invalid record (a null in a non-null field, a wrong type): name the class, not the
            // data.
            throw new AvroSerdeException(
                            "Cannot write a "
                                    + schema.getFullName()
                                    + " record: "
                                    + e.getClass().getSimpleName()
                                    + (e.getMessage() == null ? "" : ": " + e.getMessage()),
                            e)
                    .inTopic(topic);
        }
    }

    @Override
    public void close() {
        if (client != null) {
            client.close();
        }
    }
}
