package io.ferstream.ingest.gate;

import io.ferstream.camera.CameraIds;
import io.ferstream.registry.RegistryUnavailableException;
import io.ferstream.registry.UnknownSchemaIdException;
import io.ferstream.schema.CameraFrame;
import io.ferstream.schema.FrameRejected;
import io.ferstream.schema.RejectReason;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The Kafka Streams adapter around {@link FrameValidator} and {@link FrameThrottle}: decodes each
 * raw record itself (so one bad record is one dead letter, never a crashed app), forwards accepted
 * records byte for byte, with their timestamp (when they entered Kafka), and dead-letters the rest.
 * Verdicts depend on the record alone, never on the wall clock, so a record processed again after a
 * failure gets the same one; the wall clock ({@code currentSystemTimeMs}, which TopologyTestDriver
 * controls) only stamps dead letters and statuses.
 *
 * <p>A registry outage is not the record's fault: it is rethrown, the task fails and Kafka Streams
 * reprocesses from the last commit, so no frame is wrongly dead-lettered.
 */
final class FrameGateProcessor implements Processor<byte[], byte[], Object, Object> {

    static final String REJECTED_BY = "frame-gate";

    /** How often idle cameras are looked for: a sweep reads the whole status store. */
    private static final long EXPIRY_SWEEP_MS = 60_000;

    private final GateConfig config;
    private final Deserializer<CameraFrame> frameDeserializer;
    private final FrameValidator validator;
    private final FrameThrottle throttle;
    private final Set<String> changedCameras = new LinkedHashSet<>();
    private ProcessorContext<Object, Object> context;
    private KeyValueStore<String, Long> throttleStore;
    private KeyValueStore<String, CameraStatus> statusStore;
    private GateMetrics metrics;
    private long lastExpirySweepMs = Long.MIN_VALUE / 2;

    FrameGateProcessor(GateConfig config, Deserializer<CameraFrame> frameDeserializer) {
        this.config = config;
        this.frameDeserializer = frameDeserializer;
        this.validator = new FrameValidator(config.rules());
        this.throttle = new FrameThrottle(config.maxFpsPerCamera());
    }

    @Override
    public void init(ProcessorContext<Object, Object> context) {
        this.context = context;
        this.throttleStore = context.getStateStore(FrameGate.THROTTLE_STORE);
        this.statusStore = context.getStateStore(FrameGate.STATUS_STORE);
        this.metrics = new GateMetrics(context.metrics(), context.taskId().toString());
        context.schedule(
                config.statusInterval(),
                PunctuationType.WALL_CLOCK_TIME,
                this::emitChangedStatuses);
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        long now = context.currentSystemTimeMs();
        String key = record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
        CameraFrame frame = null;
        Verdict verdict;
        try {
            if (record.value() == null) {
                verdict =
                        Verdict.reject(
                                RejectReason.UNDECODABLE_RECORD, "record has no value (tombstone)");
            } else {
                frame = frameDeserializer.deserialize(config.inputTopic(), record.value());
                verdict = validator.validate(key, frame, record.timestamp());
            }
        } catch (RegistryUnavailableException e) {
            throw e;
        } catch (UnknownSchemaIdException e) {
            verdict = Verdict.reject(RejectReason.UNKNOWN_SCHEMA, e.getMessage());
        } catch (RuntimeException e) {
            // Any other decoding failure (wrong magic byte, corrupt or truncated Avro) belongs to
            // this record alone.
            verdict =
                    Verdict.reject(RejectReason.UNDECODABLE_RECORD, String.valueOf(e.getMessage()));
        }
        if (verdict.accepted()) {
            verdict = throttle(frame);
        }
        // Only a valid id is a camera: anything else gets no status entry and is not a key
        String cameraId = frame != null ? frame.getCameraId() : key;
        if (!CameraIds.isValid(cameraId)) {
            cameraId = null;
        }
        if (verdict.accepted()) {
            context.forward(record, FrameGate.ACCEPTED_SINK); // the original key and value bytes
            metrics.recordAccepted();
        } else {
            context.forward(
                    record.withKey((Object) cameraId)
                            .withValue(rejection(verdict, cameraId, frame, now)),
                    FrameGate.DLQ_SINK);
            metrics.recordRejected(verdict.reason());
        }
        if (cameraId != null) {
            updateStatus(cameraId, verdict, frame, now);
        }
    }

    private Verdict throttle(CameraFrame frame) {
        if (!throttle.enabled()) {
            return Verdict.accept();
        }
        long capture = frame.getCaptureTime().toEpochMilli();
        Long last = throttleStore.get(frame.getCameraId());
        if (!throttle.admits(last, capture)) {
            return Verdict.reject(
                    RejectReason.RATE_LIMITED,
                    "camera '"
                            + frame.getCameraId()
                            + "' sent a frame captured "
                            + (capture - last)
                            + " ms after its last accepted one; the limit is "
                            + config.maxFpsPerCamera()
                            + " fps ("
                            + throttle.minIntervalMillis()
                            + " ms)");
        }
        throttleStore.put(frame.getCameraId(), capture);
        return Verdict.accept();
    }

    private FrameRejected rejection(Verdict verdict, String cameraId, CameraFrame frame, long now) {
        RecordMetadata source = context.recordMetadata().orElse(null);
        return FrameRejected.newBuilder()
                .setReason(verdict.reason())
                .setMessage(verdict.message())
                .setCameraId(cameraId)
                .setFrameSequence(frame == null ? null : frame.getSequence())
                .setCaptureTime(frame == null ? null : frame.getCaptureTime())
                .setSourceTopic(source == null ? config.inputTopic() : source.topic())
                .setSourcePartition(source == null ? -1 : source.partition())
                .setSourceOffset(source == null ? -1 : source.offset())
                .setRejectedBy(REJECTED_BY)
                .setRejectedAt(Instant.ofEpochMilli(now))
                .build();
    }

    private void updateStatus(String cameraId, Verdict verdict, CameraFrame frame, long now) {
        CameraStatus current = statusStore.get(cameraId);
        if (current == null) {
            if (statusStore.approximateNumEntries() >= config.statusLimits().maxCameras()) {
                metrics.recordUntrackedCamera();
                return;
            }
            current = CameraStatus.first(cameraId, now);
        }
        CameraStatus next =
                current.observe(
                        verdict.accepted() ? null : verdict.reason().name(),
                        frame == null ? null : frame.getCaptureTime().toEpochMilli(),
                        frame == null ? null : frame.getSequence(),
                        now,
                        config.statusWindow().toMillis());
        statusStore.put(cameraId, next);
        changedCameras.add(cameraId);
    }

    /**
     * Writes the statuses that changed since the last punctuation to the compacted status topic.
     */
    private void emitChangedStatuses(long timestamp) {
        if (timestamp - lastExpirySweepMs >= EXPIRY_SWEEP_MS) {
            forgetIdleCameras(timestamp);
        }
        for (String cameraId : changedCameras) {
            CameraStatus status = statusStore.get(cameraId);
            if (status != null) {
                context.forward(
                        new Record<Object, Object>(cameraId, status, timestamp),
                        FrameGate.STATUS_SINK);
            }
        }
        changedCameras.clear();
    }

    /**
     * Deletes the status and throttle entries of cameras idle longer than the retention, and
     * tombstones their statuses on the compacted topic.
     */
    private void forgetIdleCameras(long now) {
        lastExpirySweepMs = now;
        List<String> idle = new ArrayList<>();
        try (KeyValueIterator<String, CameraStatus> all = statusStore.all()) {
            while (all.hasNext()) {
                CameraStatus status = all.next().value;
                if (config.statusLimits().expired(status.lastSeenMs(), now)) {
                    idle.add(status.cameraId());
                }
            }
        }
        for (String cameraId : idle) {
            statusStore.delete(cameraId);
            throttleStore.delete(cameraId);
            changedCameras.remove(cameraId);
            context.forward(new Record<Object, Object>(cameraId, null, now), FrameGate.STATUS_SINK);
        }
    }

    @Override
    public void close() {
        if (metrics != null) {
            metrics.close();
        }
    }
}
