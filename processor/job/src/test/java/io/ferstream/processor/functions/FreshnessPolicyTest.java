package io.ferstream.processor.functions;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class FreshnessPolicyTest {

    @Test
    void shouldSkipFramesThatEnteredKafkaLaterThanTheBoundAfterCaptureInLiveMode() {
        FreshnessPolicy live = FreshnessPolicy.live(Duration.ofSeconds(5));

        assertTrue(live.isFresh(10_000, 15_000), "exactly at the bound is still fresh");
        assertFalse(live.isFresh(10_000, 15_001));
        assertTrue(live.isFresh(20_000, 15_000), "a frame from the future is not stale");
    }

    @Test
    void shouldProcessEverythingInReplayMode() {
        assertTrue(FreshnessPolicy.replay().isFresh(0, Long.MAX_VALUE));
    }

    @Test
    void shouldRefuseANonPositiveLagInLiveMode() {
        IllegalArgumentException e =
                assertThrows(
                        IllegalArgumentException.class, () -> FreshnessPolicy.live(Duration.ZERO));
        assertTrue(e.getMessage().contains("live.max-lag"));
    }
}
