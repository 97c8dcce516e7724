package io.ferstream.ingest.gate;

/**
 * Per-camera frame-rate limit decided by capture time, so a replay of the same frames gives the
 * same decisions whatever the processing speed. A frame passes when it was captured at least {@code
 * 1/maxFps} after the last frame that passed. Pure logic; the caller keeps the state.
 */
public final class FrameThrottle {

    private final long minIntervalMillis;

    /**
     * @param maxFps frames per second per camera; 0 or less disables the throttle
     */
    public FrameThrottle(double maxFps) {
        if (Double.isNaN(maxFps) || Double.isInfinite(maxFps)) {
            throw new IllegalArgumentException("max fps must be a finite number, got " + maxFps);
        }
        // Floor to whole millis: capture times are millis, and rounding up would turn 30 fps into
        // 29.
        this.minIntervalMillis = maxFps <= 0 ? 0 : (long) Math.floor(1000.0 / maxFps);
    }

    public boolean enabled() {
        return minIntervalMillis > 0;
    }

    public long minIntervalMillis() {
        return minIntervalMillis;
    }

    /**
     * @param lastAcceptedCaptureMillis capture time of the camera's last accepted frame, or null if
     *     none
     * @param captureMillis capture time of this frame
     */
    public boolean admits(Long lastAcceptedCaptureMillis, long captureMillis) {
        return !enabled()
                || lastAcceptedCaptureMillis == null
                || captureMillis - lastAcceptedCaptureMillis >= minIntervalMillis;
    }
}
