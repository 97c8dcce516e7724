package io.ferstream.ingest.camera;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {

  @Test
  void shouldDoubleUpToTheCap() {
    Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofMillis(500), -1);

    assertEquals(Duration.ofMillis(100), backoff.nextDelay());
    assertEquals(Duration.ofMillis(200), backoff.nextDelay());
    assertEquals(Duration.ofMillis(400), backoff.nextDelay());
    assertEquals(Duration.ofMillis(500), backoff.nextDelay());
    for (int i = 0; i < 100; i++) {
      assertEquals(Duration.ofMillis(500), backoff.nextDelay());
    }
  }

  @Test
  void shouldStopAfterTheMaximumAttempts() {
    Backoff backoff = new Backoff(Duration.ofMillis(1), Duration.ofMillis(2), 2);

    backoff.nextDelay();
    assertTrue(backoff.canRetry());
    backoff.nextDelay();

    assertFalse(backoff.canRetry());
  }

  @Test
  void shouldStartAgainAfterASuccess() {
    Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(5), 3);
    backoff.nextDelay();
    backoff.nextDelay();

    backoff.reset();

    assertEquals(Duration.ofMillis(100), backoff.nextDelay());
  }
}
