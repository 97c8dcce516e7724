package io.ferstream.processor.functions;

import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;

/**
 * Which frames are worth analysing. In live mode a frame that entered Kafka more than {@code
 * maxLag} after its capture is skipped: it was delivered too late to matter (a camera's buffer
 * flushed after an outage, say). In replay mode every frame is processed, however old. The decision
 * uses the record alone (capture time against the record's timestamp, the time it entered Kafka),
 * never the clock when it is read, so a frame read again after a failure is judged as it was the
 * first time: a failure costs latency, not frames. Falling behind is the overload policy's
 * business, not this one's.
 */
public record FreshnessPolicy(Mode mode, Duration maxLag) implements Serializable {

    /** How the job treats frames that are old by the time it reads them. */
    public enum Mode {
        LIVE,
        REPLAY
    }

    public FreshnessPolicy {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(maxLag, "maxLag");
        if (mode == Mode.LIVE && (maxLag.isNegative() || maxLag.isZero())) {
            throw new IllegalArgumentException(
                    "live.max-lag must be positive in live mode (e.g. 5s), got " + maxLag);
        }
    }

    public static FreshnessPolicy replay() {
        return new FreshnessPolicy(Mode.REPLAY, Duration.ZERO);
    }

    public static FreshnessPolicy live(Duration maxLag) {
        return new FreshnessPolicy(Mode.LIVE, maxLag);
    }

    /**
     * True if a frame captured at {@code captureMillis} that entered Kafka at {@code enteredMillis}
     * (the record's timestamp) is analysed.
     */
    public boolean isFresh(long captureMillis, long enteredMillis) {
        return mode == Mode.REPLAY || enteredMillis - captureMillis <= maxLag.toMillis();
    }
}
