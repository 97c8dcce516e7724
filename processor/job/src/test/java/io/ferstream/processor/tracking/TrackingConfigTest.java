package io.ferstream.processor.tracking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TrackingConfigTest {

    @Test
    void shouldUseTheDocumentedDefaults() {
        TrackingConfig config = TrackingConfig.fromMap(Map.of("other.setting", "ignored"));

        assertThat(config).isEqualTo(TrackingConfig.defaults());
        assertThat(config.minIou()).isEqualTo(0.3);
        assertThat(config.minHits()).isEqualTo(3);
        assertThat(config.maxAge()).isEqualTo(Duration.ofSeconds(1));
        assertThat(config.tau()).isEqualTo(Duration.ofMillis(500));
        assertThat(config.margin()).isEqualTo(0.15);
        assertThat(config.dwell()).isEqualTo(Duration.ofMillis(500));
        assertThat(config.updatesEnabled()).isFalse();
        assertThat(config.maxTracksPerCamera()).isEqualTo(64);
        assertThat(config.motionPrediction()).isTrue();
    }

    @Test
    void shouldReadEveryKey() {
        TrackingConfig config = TrackingConfig.fromMap(Map.of(
                "tracking.min-iou", "0.5",
                "tracking.min-hits", "2",
                "tracking.max-age", "PT2S",
                "tracking.tau", "0.25s",
                "tracking.margin", "0.2",
                "tracking.dwell", "750ms",
                "tracking.update-period", "1m",
                "tracking.max-tracks-per-camera", "8",
                "tracking.motion-prediction", "false"));

        assertThat(config).isEqualTo(new TrackingConfig(0.5, 2, Duration.ofSeconds(2), Duration.ofMillis(250), 0.2,
                Duration.ofMillis(750), Duration.ofMinutes(1), 8, false));
    }

    @Test
    void shouldTellWhatToSetWhenAValueIsInvalid() {
        assertThatThrownBy(() -> TrackingConfig.fromMap(Map.of("tracking.min-iou", "1.5")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("tracking.min-iou").hasMessageContaining("(0, 1]");
        assertThatThrownBy(() -> TrackingConfig.fromMap(Map.of("tracking.min-hits", "0")))
                .hasMessageContaining("tracking.min-hits").hasMessageContaining(">= 1");
        assertThatThrownBy(() -> TrackingConfig.fromMap(Map.of("tracking.max-age", "0")))
                .hasMessageContaining("tracking.max-age").hasMessageContaining("must be > 0");
        assertThatThrownBy(() -> TrackingConfig.fromMap(Map.of("tracking.margin", "1")))
                .hasMessageContaining("tracking.margin").hasMessageContaining("[0, 1)");
        assertThatThrownBy(() -> TrackingConfig.fromMap(Map.of("tracking.dwell", "soon")))
                .hasMessageContaining("tracking.dwell").hasMessageContaining("500ms, 1s");
        assertThatThrownBy(() -> TrackingConfig.fromMap(Map.of("tracking.max-tracks-per-camera", "many")))
                .hasMessageContaining("tracking.max-tracks-per-camera").hasMessageContaining("whole number");
        assertThatThrownBy(() -> TrackingConfig.fromMap(Map.of("tracking.motion-prediction", "yes")))
                .hasMessageContaining("true or false");
    }

    @Test
    void shouldRejectAnUnknownTrackingKey() {
        assertThatThrownBy(() -> TrackingConfig.fromMap(Map.of("tracking.min-hit", "3")))
                .hasMessageContaining("tracking.min-hit").hasMessageContaining("tracking.min-hits");
    }

    @Test
    void shouldTreatOffAndZeroAsNoUpdates() {
        assertThat(TrackingConfig.fromMap(Map.of("tracking.update-period", "off")).updatesEnabled()).isFalse();
        assertThat(TrackingConfig.fromMap(Map.of("tracking.update-period", "5s")).updatesEnabled()).isTrue();
        assertThat(new TrackingConfig(0.3, 3, Duration.ofSeconds(1), Duration.ofMillis(500), 0.15,
                Duration.ofMillis(500), null, 64, true).updatePeriod()).isZero();
    }
}
