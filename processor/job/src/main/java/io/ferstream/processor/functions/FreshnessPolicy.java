package io.ferstream.processor.functions;

import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;

/**
 * Overload policy of the processor. In live mode a frame whose capture time lags the processing
 * clock by more than {@code maxLag} is skipped: when the job falls behind, analysing old frames
 * only makes it fall further behind, and nobody wants a stale expression. In replay mode every
 * frame is processed, however old, so a replay of history gives the events of the original run.
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
     * True if a frame captured at {@code captureMillis} should be analysed at {@code nowMillis}.
     */
    public boolean isFresh(long captureMillis, long nowMillis) {
        return mode == Mode.REPLAY || nowMillis - captureMillis <= maxLag.toMillis();
    }
}
