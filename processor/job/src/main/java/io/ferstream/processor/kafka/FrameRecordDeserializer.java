package io.ferstream.processor.kafka;

import io.ferstream.camera.CameraIds;
import io.ferstream.processor.functions.Rejections;
import io.ferstream.processor.records.SourcedFrame;
import io.ferstream.registry.AvroDeserializer;
import io.ferstream.registry.AvroSerdeException;
import io.ferstream.registry.RegistryConfig;
import io.ferstream.registry.RegistryUnavailableException;
import io.ferstream.registry.UnknownSchemaIdException;
import io.ferstream.schema.CameraFrame;
import io.ferstream.schema.RejectReason;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Reads {@code frames} records through the schema registry. A record that is not a readable frame
 * never fails the job: it becomes a dead letter with its coordinates. A registry that cannot be
 * reached is different: that is not the record's fault, so the job fails, restarts from its last
 * checkpoint and reads the record again once the registry is back.
 */
public final class FrameRecordDeserializer
        implements KafkaRecordDeserializationSchema<SourcedFrame> {

    private static final long serialVersionUID = 1L;

    private final RegistryConfig registry;
    private transient AvroDeserializer<CameraFrame> deserializer;

    public FrameRecordDeserializer(RegistryConfig registry) {
        this.registry = registry;
    }

    @Override
    public void open(DeserializationSchema.InitializationContext context) {
        deserializer = new AvroDeserializer<>(CameraFrame.class, registry);
    }

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<SourcedFrame> out)
            throws IOException {
        String key = record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
        if (!CameraIds.isValid(key)) {
            key = null; // a dead letter names valid camera ids only
        }
        if (record.value() == null) {
            out.collect(
                    reject(record, key, RejectReason.UNDECODABLE_RECORD, "record has no value"));
            return;
        }
        CameraFrame frame;
        try {
            frame = deserializer.deserialize(record.topic(), record.value());
        } catch (RegistryUnavailableException e) {
            throw new IOException(
                    "schema registry unavailable while reading "
                            + record.topic()
                            + "-"
                            + record.partition()
                            + "@"
                            + record.offset()
                            + "; the job restarts and retries",
                    e);
        } catch (UnknownSchemaIdException e) {
            out.collect(reject(record, key, RejectReason.UNKNOWN_SCHEMA, e.getMessage()));
            return;
        } catch (AvroSerdeException e) {
            out.collect(reject(record, key, RejectReason.UNDECODABLE_RECORD, e.getMessage()));
            return;
        } catch (RuntimeException e) {
            // Avro can throw plain runtime exceptions on corrupt data the serde did not classify.
            out.collect(
                    reject(
                            record,
                            key,
                            RejectReason.UNDECODABLE_RECORD,
                            "corrupt Avro payload: " + e.getClass().getSimpleName()));
            return;
        }
        String invalid = CameraIds.problem(frame.getCameraId());
        if (invalid != null) {
            // No state, metric or log line is ever made for such an id: it stops here.
            out.collect(reject(record, null, RejectReason.INVALID_CAMERA_ID, invalid));
            return;
        }
        // Outside the try: collect() runs the chained operators downstream, and their failures
        // (a restart, a cancellation) must fail the job, never turn a valid frame into a dead
        // letter.
        out.collect(
                SourcedFrame.frame(
                        frame,
                        record.topic(),
                        record.partition(),
                        record.offset(),
                        record.timestamp()));
    }

    private static SourcedFrame reject(
            ConsumerRecord<byte[], byte[]> record,
            String key,
            RejectReason reason,
            String message) {
        return SourcedFrame.rejected(
                Rejections.unreadable(
                        reason,
                        message,
                        key,
                        record.topic(),
                        record.partition(),
                        record.offset(),
                        Instant.now()));
    }

    @Override
    public TypeInformation<SourcedFrame> getProducedType() {
        return TypeInformation.of(SourcedFrame.class);
    }
}
