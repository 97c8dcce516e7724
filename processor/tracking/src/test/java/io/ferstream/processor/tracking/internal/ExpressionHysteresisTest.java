package io.ferstream.processor.tracking.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ExpressionHysteresisTest {

    private final ExpressionHysteresis hysteresis =
            new ExpressionHysteresis(0.15, Duration.ofMillis(500));

    private static TrackState trackWithCurrent(int label) {
        TrackState track = new TrackState();
        track.currentLabel = label;
        track.smoothed = new double[3];
        return track;
    }

    @Test
    void shouldNotFlickerWhenTheLeadAlternatesOrStaysBelowTheMargin() {
        TrackState track = trackWithCurrent(0);
        int changes = 0;
        for (int i = 0; i < 60; i++) {
            // label 1 leads by 0.3 on even frames, label 0 leads on odd frames; plus a
            // persistent small lead of label 2 (0.1 < margin) in between
            track.smoothed =
                    switch (i % 3) {
                        case 0 -> new double[] {0.3, 0.6, 0.1};
                        case 1 -> new double[] {0.6, 0.3, 0.1};
                        default -> new double[] {0.40, 0.10, 0.50};
                    };
            changes += hysteresis.observe(track, i * 100L) ? 1 : 0;
        }

        assertEquals(0, changes);
        assertEquals(0, track.currentLabel);
    }

    @Test
    void shouldChangeOnlyAfterTheLeadHeldForTheDwell() {
        TrackState track = trackWithCurrent(0);
        track.smoothed = new double[] {0.2, 0.7, 0.1};

        assertFalse(hysteresis.observe(track, 1_000));
        assertFalse(hysteresis.observe(track, 1_300));
        assertFalse(hysteresis.observe(track, 1_499));
        assertTrue(hysteresis.observe(track, 1_500));

        assertEquals(1, track.currentLabel);
        assertEquals(ExpressionHysteresis.NONE, track.challengerLabel);
    }

    @Test
    void shouldRestartTheDwellWhenTheLeadIsInterrupted() {
        TrackState track = trackWithCurrent(0);
        track.smoothed = new double[] {0.2, 0.7, 0.1};
        hysteresis.observe(track, 0);
        hysteresis.observe(track, 400);

        track.smoothed = new double[] {0.45, 0.5, 0.05}; // lead 0.05 < margin
        hysteresis.observe(track, 450);
        track.smoothed = new double[] {0.2, 0.7, 0.1};

        assertFalse(hysteresis.observe(track, 600));
        assertFalse(hysteresis.observe(track, 1_050));
        assertTrue(hysteresis.observe(track, 1_100));
    }

    @Test
    void shouldBreakTiesTowardsTheLowerLabelIndex() {
        assertEquals(1, ExpressionHysteresis.leader(new double[] {0.2, 0.4, 0.4}));
    }
}
