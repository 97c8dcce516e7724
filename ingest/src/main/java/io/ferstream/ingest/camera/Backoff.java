package io.ferstream.ingest.camera;

import java.time.Duration;
import org.apache.kafka.common.utils.ExponentialBackoff;

/**
 * Reconnect delays of a live source: Kafka's {@link ExponentialBackoff} (initial, doubled each
 * failed attempt, capped at max, each varied by the jitter so that cameras that lost their streams
 * together do not reconnect together), reset after a successful connection, and bounded by a
 * maximum number of attempts (negative = unlimited).
 */
public final class Backoff {

    /** Each delay varies by up to this fraction. */
    public static final double JITTER = 0.2;

    private final ExponentialBackoff delays;
    private final int maxAttempts;
    private int attempts;

    public Backoff(Duration initial, Duration max, int maxAttempts) {
        this(initial, max, maxAttempts, JITTER);
    }

    /** With {@code jitter} 0 the delays are exact: initial, 2 x initial, ... max. */
    public Backoff(Duration initial, Duration max, int maxAttempts, double jitter) {
        if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException(
                    "backoff needs 0 < initial <= max, got " + initial + " and " + max);
        }
        this.delays = new ExponentialBackoff(initial.toMillis(), 2, max.toMillis(), jitter);
        this.maxAttempts = maxAttempts;
    }

    /** Whether another attempt is allowed. */
    public boolean canRetry() {
        return maxAttempts < 0 || attempts < maxAttempts;
    }

    /** The delay before the next attempt; counts the attempt. */
    public Duration nextDelay() {
        return Duration.ofMillis(delays.backoff(attempts++));
    }

    public int attempts() {
        return attempts;
    }

    /** A connection succeeded: the next failure starts again from the initial delay. */
    public void reset() {
        attempts = 0;
    }
}
