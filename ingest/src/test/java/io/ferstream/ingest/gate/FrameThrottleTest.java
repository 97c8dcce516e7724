package io.ferstream.ingest.gate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class FrameThrottleTest {

    @Test
    void shouldAdmitTheFirstFrameOfACamera() {
        assertTrue(new FrameThrottle(5).admits(null, 1_000));
    }

    @Test
    void shouldAdmitFramesAtLeastOneIntervalApart() {
        FrameThrottle fiveFps = new FrameThrottle(5);

        assertFalse(fiveFps.admits(1_000L, 1_199));
        assertTrue(fiveFps.admits(1_000L, 1_200));
    }

    @Test
    void shouldThrottleA30FpsCameraTo10FpsByCaptureTime() {
        FrameThrottle tenFps = new FrameThrottle(10);
        Long last = null;
        int admitted = 0;
        for (int i = 0; i < 30; i++) {
            long capture = Math.round(i * 1000.0 / 30);
            if (tenFps.admits(last, capture)) {
                last = capture;
                admitted++;
            }
        }
        assertEquals(10, admitted);
    }

    @Test
    void shouldAdmitEverythingWhenDisabled() {
        FrameThrottle off = new FrameThrottle(0);

        assertFalse(off.enabled());
        assertTrue(off.admits(1_000L, 1_000));
    }

    @Test
    void shouldRefuseNonFiniteRates() {
        assertThrows(IllegalArgumentException.class, () -> new FrameThrottle(Double.NaN));
    }
}
