package io.ferstream.registry;

import org.apache.kafka.common.errors.SerializationException;

/**
 * Base of every error of the registry client and the Avro serdes. Messages name the schema id,
 * subject, topic, partition and offset where known, and never contain payload bytes.
 *
 * <p>Callers that know where a record came from (a consumer loop, a Flink deserialization schema)
 * add it with {@link #withLocation(String, int, long)}.
 */
public class AvroSerdeException extends SerializationException {

    private static final long serialVersionUID = 1L;

    private String topic;
    private int partition = -1;
    private long offset = -1;

    public AvroSerdeException(String message) {
        super(message);
    }

    public AvroSerdeException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * Adds where the record came from; a negative partition or offset means unknown. Returns this.
     */
    public AvroSerdeException withLocation(String topic, int partition, long offset) {
        this.topic = topic;
        this.partition = partition;
        this.offset = offset;
        return this;
    }

    /** Adds the topic only (what a Kafka {@code Deserializer} knows). Returns this. */
    public AvroSerdeException inTopic(String topic) {
        if (this.topic == null) {
            this.topic = topic;
        }
        return this;
    }

    public String topic() {
        return topic;
    }

    public int partition() {
        return partition;
    }

    public long offset() {
        return offset;
    }

    @Override
    public String getMessage() {
        if (topic == null) {
            return super.getMessage();
        }
        StringBuilder where =
                new StringBuilder(super.getMessage()).append(" [topic ").append(topic);
        if (partition >= 0) {
            where.append(", partition ").append(partition);
        }
        if (offset >= 0) {
            where.append(", offset ").append(offset);
        }
        return where.append(']').toString();
    }
}
