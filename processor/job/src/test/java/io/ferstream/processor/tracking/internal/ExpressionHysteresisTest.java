package io.ferstream.processor.tracking.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ExpressionHysteresisTest {

    private final ExpressionHysteresis hysteresis = new ExpressionHysteresis(0.15, Duration.ofMillis(500));

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
            track.smoothed = switch (i % 3) {
                case 0 -> new double[] {0.3, 0.6, 0.1};
                case 1 -> new double[] {0.6, 0.3, 0.1};
                default -> new double[] {0.40, 0.10, 0.50};
            };
            changes += hysteresis.observe(track, i * 100L) ? 1 : 0;
        }

        assertThat(changes).isZero();
        assertThat(track.currentLabel).isZero();
    }

    @Test
    void shouldChangeOnlyAfterTheLeadHeldForTheDwell() {
        TrackState track = trackWithCurrent(0);
        track.smoothed = new double[] {0.2, 0.7, 0.1};

        assertThat(hysteresis.observe(track, 1_000)).isFalse();
        assertThat(hysteresis.observe(track, 1_300)).isFalse();
        assertThat(hysteresis.observe(track, 1_499)).isFalse();
        assertThat(hysteresis.observe(track, 1_500)).isTrue();

        assertThat(track.currentLabel).isEqualTo(1);
        assertThat(track.challengerLabel).isEqualTo(ExpressionHysteresis.NONE);
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

        assertThat(hysteresis.observe(track, 600)).isFalse();
        assertThat(hysteresis.observe(track, 1_050)).isFalse();
        assertThat(hysteresis.observe(track, 1_100)).isTrue();
    }

    @Test
    void shouldBreakTiesTowardsTheLowerLabelIndex() {
        assertThat(ExpressionHysteresis.leader(new double[] {0.2, 0.4, 0.4})).isEqualTo(1);
    }
}
