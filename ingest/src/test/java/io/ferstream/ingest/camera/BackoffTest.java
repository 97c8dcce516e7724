package io.ferstream.ingest.camera;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {

    @Test
    void shouldDoubleUpToTheCap() {
        Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofMillis(500), -1, 0);

        assertEquals(Duration.ofMillis(100), backoff.nextDelay());
        assertEquals(Duration.ofMillis(200), backoff.nextDelay());
        assertEquals(Duration.ofMillis(400), backoff.nextDelay());
        for (int i = 0; i < 100; i++) {
            // ExponentialBackoff reaches the cap through a fractional last exponent: within a
            // millisecond of it.
            assertEquals(500, backoff.nextDelay().toMillis(), 1);
        }
    }

    @Test
    void shouldVaryEachDelayByTheJitter() {
        Backoff backoff = new Backoff(Duration.ofMillis(1000), Duration.ofSeconds(30), -1);
        java.util.Set<Duration> firstDelays = new java.util.HashSet<>();

        for (int i = 0; i < 50; i++) {
            Duration first = backoff.nextDelay();
            Duration second = backoff.nextDelay();
            backoff.reset();
            assertTrue(first.toMillis() >= 800 && first.toMillis() <= 1200, first.toString());
            assertTrue(second.toMillis() >= 1600 && second.toMillis() <= 2400, second.toString());
            firstDelays.add(first);
        }
        assertTrue(firstDelays.size() > 1, "cameras that failed together would reconnect together");
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
        Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(5), 3, 0);
        backoff.nextDelay();
        backoff.nextDelay();

        backoff.reset();

        assertEquals(Duration.ofMillis(100), backoff.nextDelay());
    }
}
