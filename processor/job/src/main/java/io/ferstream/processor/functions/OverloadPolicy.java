package io.ferstream.processor.functions;

import java.io.Serializable;
import java.time.Duration;

/**
 * What the job does when it falls behind: it sheds load per camera, keeping one frame in {@code k}
 * of each camera (by sequence number, so the frames kept are spread evenly and a camera's tracks
 * keep being observed), with {@code k} growing with how far behind the job is: 1 while a frame is
 * read within {@code maxLag} of entering Kafka, then {@code ceil(lag / maxLag)}, at most {@code
 * maxShed}. The analysis work falls by the same factor, so the job catches up and its latency stays
 * near {@code maxLag}.
 *
 * <p>Recovery catch-up is not overload: a frame that entered Kafka before this attempt of the job
 * started (the backlog of a restart, or of a job started over old data) is never shed, so a failure
 * costs latency, not frames. Off in replay mode, which processes everything.
 *
 * @param maxLag how long after entering Kafka a frame may be read before the job sheds; zero: off
 * @param maxShed the most frames of a camera of which one is kept (a bound on the shedding)
 */
public record OverloadPolicy(Duration maxLag, int maxShed) implements Serializable {

    public OverloadPolicy {
        if (maxLag == null || maxLag.isNegative()) {
            throw new IllegalArgumentException("overload.max-lag must be 0 (off) or positive");
        }
        if (maxShed < 1) {
            throw new IllegalArgumentException("overload.max-shed must be 1 or more");
        }
    }

    public static OverloadPolicy off() {
        return new OverloadPolicy(Duration.ZERO, 1);
    }

    public boolean enabled() {
        return !maxLag.isZero() && maxShed > 1;
    }

    /**
     * Of how many frames of a camera one is kept now: 1 when the frame is on time, or when it
     * entered Kafka before this attempt started at {@code attemptStartMillis} (catch-up).
     */
    public int keepOneIn(long enteredMillis, long nowMillis, long attemptStartMillis) {
        if (!enabled() || enteredMillis < attemptStartMillis) {
            return 1;
        }
        long lag = nowMillis - enteredMillis;
        long bound = maxLag.toMillis();
        if (lag <= bound) {
            return 1;
        }
        long k = (lag + bound - 1) / bound;
        return (int) Math.min(maxShed, k);
    }

    /** Whether the frame with {@code sequence} is kept when one in {@code keepOneIn} is. */
    public static boolean keeps(long sequence, int keepOneIn) {
        return keepOneIn <= 1 || Math.floorMod(sequence, (long) keepOneIn) == 0;
    }
}
