package io.ferstream.registry;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads Confluent wire-format records into a generated Avro class. The writer schema comes from the
 * registry by the id in the record; the reader schema is the generated class's, so a newer reader
 * reads data written with older schemas (Avro schema resolution).
 *
 * <p>Kafka clients use the no-arg constructor and {@link #configure(Map, boolean)}, naming the
 * class in {@value #READER_CLASS}. Null data becomes null (tombstones). Thread-safe.
 */
public class AvroDeserializer<T extends SpecificRecord> implements Deserializer<T> {

    /**
     * Property naming the generated class to read into, e.g. {@code
     * io.ferstream.schema.CameraFrame}.
     */
    public static final String READER_CLASS = "ferstream.avro.reader.class";

    private SchemaRegistryClient client;
    private Schema readerSchema;
    private final Map<Integer, DatumReader<T>> readersByWriterId = new ConcurrentHashMap<>();

    /** For Kafka clients: call {@link #configure(Map, boolean)} before use. */
    public AvroDeserializer() {}

    public AvroDeserializer(Class<T> type, RegistryConfig config) {
        this.readerSchema = schemaOf(type);
        this.client = new SchemaRegistryClient(config);
    }

    @Override
    @SuppressWarnings("unchecked")
    public void configure(Map<String, ?> configs, boolean isKey) {
        Object name = configs.get(READER_CLASS);
        if (name == null) {
            throw new IllegalArgumentException(
                    "Set "
                            + READER_CLASS
                            + " to the generated Avro class to read into, e.g. "
                            + "io.ferstream.schema.CameraFrame");
        }
        Class<?> type;
        try {
            type =
                    name instanceof Class<?> c
                            ? c
                            : Class.forName(
                                    name.toString(),
                                    true,
                                    Thread.currentThread().getContextClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalArgumentException(READER_CLASS + ": class " + name + " not found", e);
        }
        if (!SpecificRecord.class.isAssignableFrom(type)) {
            throw new IllegalArgumentException(
                    READER_CLASS + ": " + name + " is not a generated Avro class (SpecificRecord)");
        }
        this.readerSchema = schemaOf((Class<T>) type);
        this.client = new SchemaRegistryClient(RegistryConfig.fromProperties(configs));
    }

    @Override
    public T deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        if (client == null) {
            throw new IllegalStateException(
                    "AvroDeserializer is not configured: call configure(props, isKey) or use "
                            + "new AvroDeserializer<>(type, RegistryConfig)");
        }
        try {
            int id = WireFormat.schemaId(data);
            DatumReader<T> reader = readerFor(id);
            int bodyLength = data.length - WireFormat.HEADER_SIZE;
            BoundedDecoder decoder =
                    new BoundedDecoder(
                            DecoderFactory.get()
                                    .binaryDecoder(data, WireFormat.HEADER_SIZE, bodyLength, null),
                            bodyLength);
            T record;
            try {
                record = reader.read(null, decoder);
            } catch (IOException | RuntimeException e) {
                // Avro signals truncated or corrupt bodies with EOF, negative lengths, bad
                // indexes...
                // The cause stays attached for debugging; the message names sizes and ids, never
                // bytes.
                throw new CorruptPayloadException(
                        "Record of "
                                + data.length
                                + " bytes with writer schema id "
                                + id
                                + " does not decode as "
                                + readerSchema.getFullName()
                                + (e instanceof BoundedDecoder.DeclaredSizeException
                                        ? ": " + e.getMessage() + ", more than it holds"
                                        : " ("
                                                + e.getClass().getSimpleName()
                                                + "): truncated or corrupt Avro"),
                        e);
            }
            if (!decoder.isEnd()) {
                throw new CorruptPayloadException(
                        "Record of "
                                + data.length
                                + " bytes with writer schema id "
                                + id
                                + " has "
                                + "trailing bytes after its "
                                + readerSchema.getFullName()
                                + " body: corrupt payload");
            }
            return record;
        } catch (AvroSerdeException e) {
            throw e.inTopic(topic);
        } catch (IOException e) {
            throw new CorruptPayloadException(
                            "Cannot read a record of " + data.length + " bytes", e)
                    .inTopic(topic);
        }
    }

    private DatumReader<T> readerFor(int writerId) {
        DatumReader<T> cached = readersByWriterId.get(writerId);
        if (cached != null) {
            return cached;
        }
        Schema writer = client.schemaById(writerId);
        // Check resolution up front, so an unreadable writer schema fails with its own error and
        // not
        // later as "corrupt data".
        SchemaCompatibility.SchemaPairCompatibility result =
                SchemaCompatibility.checkReaderWriterCompatibility(readerSchema, writer);
        if (result.getType() != SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE) {
            throw new IncompatibleSchemaException(
                    "Writer schema id "
                            + writerId
                            + " ("
                            + writer.getFullName()
                            + ") cannot be read as "
                            + readerSchema.getFullName()
                            + ": "
                            + result.getDescription());
        }
        DatumReader<T> reader =
                new SpecificDatumReader<>(
                        writer, readerSchema, SpecificData.getForSchema(readerSchema));
        if (readersByWriterId.size() >= SchemaRegistryClient.CACHE_LIMIT) {
            readersByWriterId.clear();
        }
        readersByWriterId.put(writerId, reader);
        return reader;
    }

    private static <T extends SpecificRecord> Schema schemaOf(Class<T> type) {
        Schema schema = SpecificData.get().getSchema(type);
        if (schema == null || schema.getType() != Schema.Type.RECORD) {
            throw new IllegalArgumentException(
                    type.getName() + " is not a generated Avro record class");
        }
        return schema;
    }

    @Override
    public void close() {
        if (client != null) {
            client.close();
        }
    }

    /** The reader schema (the generated class's). */
    public Schema readerSchema() {
        return readerSchema;
    }
}
