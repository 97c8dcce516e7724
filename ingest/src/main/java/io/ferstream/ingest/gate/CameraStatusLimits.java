package io.ferstream.ingest.gate;

import java.time.Duration;

/**
 * How much the gate remembers of cameras: a status (and a throttle entry) for at most {@code
 * maxCameras} cameras per task, each forgotten {@code retention} after its last frame. Every valid
 * camera id gets an entry, so without these bounds a flood of ids would grow the stores, their
 * changelog and {@code /cameras} without end. A camera seen while the store is full is still
 * validated and forwarded; it only has no status until others expire.
 */
public record CameraStatusLimits(int maxCameras, Duration retention) {

    public static final CameraStatusLimits DEFAULT =
            new CameraStatusLimits(10_000, Duration.ofHours(24));

    public CameraStatusLimits {
        if (maxCameras < 1 || retention == null || retention.isNegative() || retention.isZero()) {
            throw new IllegalArgumentException(
                    "camera status limits must be positive, got " + maxCameras + ", " + retention);
        }
    }

    /** Whether a camera last seen at {@code lastSeenMs} is forgotten at {@code nowMs}. */
    boolean expired(long lastSeenMs, long nowMs) {
        return nowMs - lastSeenMs > retention.toMillis();
    }
}
