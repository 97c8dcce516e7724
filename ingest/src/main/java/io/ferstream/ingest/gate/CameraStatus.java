package io.ferstream.ingest.gate;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What the gate knows about one camera; the JSON value of {@code frames.camera-status} and of the
 * status endpoint. Times are epoch millis. The observed rates count frames over tumbling windows of
 * the gate's wall clock: {@code receivedFps}/{@code acceptedFps} are those of the last complete
 * window (0 before one completes). Immutable; {@link #observe} returns the next status.
 *
 * @param cameraId the camera
 * @param firstSeenMs gate wall clock when the camera's first record arrived
 * @param lastSeenMs gate wall clock of its latest record
 * @param lastAcceptedCaptureTimeMs capture time of its latest accepted frame, or null
 * @param lastAcceptedSequence sequence of its latest accepted frame, or null
 * @param accepted frames accepted so far
 * @param rejected rejections so far by reason code
 * @param receivedFps records per second received in the last complete window
 * @param acceptedFps frames per second accepted in the last complete window
 * @param windowStartMs start of the current window
 * @param windowReceived records received in the current window
 * @param windowAccepted frames accepted in the current window
 */
public record CameraStatus(
        String cameraId,
        long firstSeenMs,
        long lastSeenMs,
        Long lastAcceptedCaptureTimeMs,
        Long lastAcceptedSequence,
        long accepted,
        Map<String, Long> rejected,
        double receivedFps,
        double acceptedFps,
        long windowStartMs,
        long windowReceived,
        long windowAccepted) {

    public CameraStatus {
        Objects.requireNonNull(cameraId, "cameraId");
        rejected = Map.copyOf(rejected == null ? Map.of() : rejected);
    }

    /** A camera seen for the first time. */
    public static CameraStatus first(String cameraId, long nowMs) {
        return new CameraStatus(cameraId, nowMs, nowMs, null, null, 0, Map.of(), 0, 0, nowMs, 0, 0);
    }

    /** Total rejections over all reasons. */
    public long rejectedTotal() {
        return rejected.values().stream().mapToLong(Long::longValue).sum();
    }

    /**
     * The status after one more record.
     *
     * @param rejectReason null when accepted, else the reason code name
     * @param captureTimeMs capture time if decoded, else null
     * @param sequence sequence if decoded, else null
     * @param nowMs gate wall clock
     * @param windowMs length of the rate window
     */
    public CameraStatus observe(
            String rejectReason, Long captureTimeMs, Long sequence, long nowMs, long windowMs) {
        long start = windowStartMs;
        long received = windowReceived;
        long acceptedInWindow = windowAccepted;
        double receivedRate = receivedFps;
        double acceptedRate = acceptedFps;
        if (nowMs - start >= windowMs) {
            // Close the window. A gap longer than one window means the last full window saw
            // nothing.
            boolean adjacent = nowMs - start < 2 * windowMs;
            receivedRate = adjacent ? received * 1000.0 / windowMs : 0;
            acceptedRate = adjacent ? acceptedInWindow * 1000.0 / windowMs : 0;
            start = start + ((nowMs - start) / windowMs) * windowMs;
            received = 0;
            acceptedInWindow = 0;
        }
        received++;
        Map<String, Long> rejectedNext = rejected;
        long acceptedNext = accepted;
        if (rejectReason == null) {
            acceptedNext++;
            acceptedInWindow++;
        } else {
            Map<String, Long> copy = new TreeMap<>(rejected);
            copy.merge(rejectReason, 1L, Long::sum);
            rejectedNext = copy;
        }
        return new CameraStatus(
                cameraId,
                firstSeenMs,
                Math.max(lastSeenMs, nowMs),
                rejectReason == null && captureTimeMs != null
                        ? captureTimeMs
                        : lastAcceptedCaptureTimeMs,
                rejectReason == null && sequence != null ? sequence : lastAcceptedSequence,
                acceptedNext,
                rejectedNext,
                receivedRate,
                acceptedRate,
                start,
                received,
                acceptedInWindow);
    }
}
