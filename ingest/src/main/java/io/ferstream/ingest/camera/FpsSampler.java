package io.ferstream.ingest.camera;

/**
 * Keeps frames at a target rate by their capture timestamps (not by sleeping): a frame is kept when
 * it is at least {@code 1/fps} after the last kept one. A source at 30 fps sampled to 10 keeps
 * every third frame; a source slower than the target keeps everything.
 */
public final class FpsSampler {

    private final long minIntervalMicros;
    private long lastKeptMicros;
    private boolean keptAny;

    /**
     * @param targetFps frames per second to keep; 0 or less keeps every frame
     */
    public FpsSampler(double targetFps) {
        if (Double.isNaN(targetFps) || Double.isInfinite(targetFps)) {
            throw new IllegalArgumentException(
                    "target fps must be a finite number, got " + targetFps);
        }
        // Floor to whole micros: 1/30 s = 33333.3 µs, and frame timestamps rounded to 33333 µs must
        // pass.
        this.minIntervalMicros = targetFps <= 0 ? 0 : (long) Math.floor(1_000_000.0 / targetFps);
    }

    /** Decides for the frame captured at {@code timestampMicros}; remembers it when kept. */
    public boolean keep(long timestampMicros) {
        if (keptAny && timestampMicros - lastKeptMicros < minIntervalMicros) {
            return false;
        }
        keptAny = true;
        lastKeptMicros = timestampMicros;
        return true;
    }

    /** Forgets the last kept frame, e.g. after a stream reconnected and its clock restarted. */
    public void reset() {
        keptAny = false;
    }
}
