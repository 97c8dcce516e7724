package io.ferstream.ingest.gate;

import io.ferstream.camera.CameraIds;
import io.ferstream.image.FrameImages;
import io.ferstream.image.ImageRejectedException;
import io.ferstream.schema.CameraFrame;
import io.ferstream.schema.RejectReason;
import java.util.Objects;

/**
 * The gate's stateless rules for one decoded frame. Pure logic: no Kafka types and no clock: time
 * is the moment the record entered Kafka, so a record read again (after a crash) gets the same
 * verdict. Checks run cheapest first, and the first failing rule gives the verdict: the camera id's
 * form ({@link CameraIds}), key, allow-list, the image ({@link FrameImages}: encoding, size,
 * header, dimensions, the same checks the processor makes), future skew, staleness.
 */
public final class FrameValidator {

    private final FrameRules rules;

    public FrameValidator(FrameRules rules) {
        this.rules = Objects.requireNonNull(rules, "rules");
    }

    /**
     * @param key the record key as UTF-8 text, or null when the record had none
     * @param frame the decoded value
     * @param enteredMillis when the record entered Kafka (epoch millis): its timestamp, which the
     *     broker sets on frames.raw ({@code LogAppendTime})
     */
    public Verdict validate(String key, CameraFrame frame, long enteredMillis) {
        String cameraId = frame.getCameraId();
        String invalid = CameraIds.problem(cameraId);
        if (invalid != null) {
            return Verdict.reject(RejectReason.INVALID_CAMERA_ID, invalid);
        }
        if (key == null || key.isEmpty()) {
            return Verdict.reject(
                    RejectReason.MISSING_KEY,
                    "record has no key; the key must be the camera id '"
                            + cameraId
                            + "' so the camera's frames stay on one partition");
        }
        if (!key.equals(cameraId)) {
            return Verdict.reject(
                    RejectReason.MISSING_KEY,
                    "record key "
                            + CameraIds.quoted(key)
                            + " differs from the value's camera id '"
                            + cameraId
                            + "'");
        }
        if (!rules.allowedCameras().isEmpty() && !rules.allowedCameras().contains(cameraId)) {
            return Verdict.reject(
                    RejectReason.CAMERA_NOT_ALLOWED,
                    "camera '" + cameraId + "' is not on the gate's allow-list");
        }
        try {
            FrameImages.check(frame, rules.images());
        } catch (ImageRejectedException e) {
            return Verdict.reject(e.reason(), e.getMessage());
        }
        long captureMillis = frame.getCaptureTime().toEpochMilli();
        long aheadMillis = captureMillis - enteredMillis;
        if (aheadMillis > rules.maxFutureSkew().toMillis()) {
            return Verdict.reject(
                    RejectReason.FUTURE_TIMESTAMP,
                    "capture time is "
                            + aheadMillis
                            + " ms ahead of the time it entered Kafka (limit "
                            + rules.maxFutureSkew().toMillis()
                            + " ms)");
        }
        long ageMillis = enteredMillis - captureMillis;
        if (ageMillis > rules.maxAge().toMillis()) {
            return Verdict.reject(
                    RejectReason.STALE,
                    "frame entered Kafka "
                            + ageMillis
                            + " ms after its capture, later than the limit of "
                            + rules.maxAge().toMillis()
                            + " ms");
        }
        return Verdict.accept();
    }
}
