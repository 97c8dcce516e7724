package io.ferstream.ingest.camera;

import java.time.Duration;

/**
 * Exponential reconnect delays: initial, doubled each failed attempt, capped at max; reset
 * after a successful connection. Bounded by a maximum number of attempts (negative = unlimited).
 */
public final class Backoff {

  private final Duration initial;
  private final Duration max;
  private final int maxAttempts;
  private int attempts;

  public Backoff(Duration initial, Duration max, int maxAttempts) {
    if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
      throw new IllegalArgumentException("backoff needs 0 < initial <= max, got " + initial + " and " + max);
    }
    this.initial = initial;
    this.max = max;
    this.maxAttempts = maxAttempts;
  }

  /** Whether another attempt is allowed. */
  public boolean canRetry() {
    return maxAttempts < 0 || attempts < maxAttempts;
  }

  /** The delay before the next attempt; counts the attempt. */
  public Duration nextDelay() {
    int exponent = Math.min(attempts, 30);
    attempts++;
    long millis = initial.toMillis() << exponent;
    return millis <= 0 || millis > max.toMillis() ? max : Duration.ofMillis(millis);
  }

  public int attempts() {
    return attempts;
  }

  /** A connection succeeded: the next failure starts again from the initial delay. */
  public void reset() {
    attempts = 0;
  }
}
