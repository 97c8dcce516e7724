package io.ferstream.ingest.camera;

import java.time.Duration;

/**
 * Real-time pacing for files and images: frame at timeline t goes out at {@code wallStart + (t -
 * t0)}, so a file plays at its own speed. It sleeps until each frame's due time (not a fixed sleep
 * per frame), so encoding and sending time is absorbed.
 */
public final class Pacer {

    /** Sleeps; injectable so tests need not wait. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    /** Reads a monotonic clock in nanoseconds; injectable for tests. */
    @FunctionalInterface
    public interface Ticker {
        long nanos();
    }

    private final Sleeper sleeper;
    private final Ticker ticker;
    private boolean started;
    private long wallStartNanos;
    private long timelineStartMicros;

    public Pacer(Sleeper sleeper, Ticker ticker) {
        this.sleeper = sleeper;
        this.ticker = ticker;
    }

    public static Pacer system() {
        return new Pacer(
                d -> Thread.sleep(d.toMillis(), d.toNanosPart() % 1_000_000), System::nanoTime);
    }

    /** Waits until the frame at {@code timelineMicros} is due. */
    public void awaitDue(long timelineMicros) throws InterruptedException {
        if (!started) {
            started = true;
            wallStartNanos = ticker.nanos();
            timelineStartMicros = timelineMicros;
            return;
        }
        long dueNanos = wallStartNanos + (timelineMicros - timelineStartMicros) * 1000;
        long waitNanos = dueNanos - ticker.nanos();
        if (waitNanos > 0) {
            sleeper.sleep(Duration.ofNanos(waitNanos));
        }
    }
}
