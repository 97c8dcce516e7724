package io.ferstream.processor.tracking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ferstream.config.ConfigReader;
import io.ferstream.config.ConfigSpec;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TrackingConfigTest {

    private static TrackingConfig read(Map<String, String> settings) {
        ConfigReader reader = ConfigSpec.of(TrackingConfig.SETTINGS).read(settings);
        TrackingConfig config = TrackingConfig.read(reader);
        reader.throwIfProblems("tracking settings");
        return config;
    }

    private static void assertProblem(String key, String value, String expected) {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> read(Map.of(key, value)));
        assertTrue(e.getMessage().contains(key + ": '" + value + "' " + expected), e.getMessage());
    }

    @Test
    void shouldUseTheDocumentedDefaults() {
        TrackingConfig config = read(Map.of());

        assertEquals(TrackingConfig.defaults(), config);
        assertEquals(0.3, config.minIou());
        assertEquals(3, config.minHits());
        assertEquals(Duration.ofSeconds(1), config.maxAge());
        assertEquals(Duration.ofMillis(500), config.tau());
        assertEquals(0.15, config.margin());
        assertEquals(Duration.ofMillis(500), config.dwell());
        assertFalse(config.updatesEnabled());
        assertEquals(64, config.maxTracksPerCamera());
        assertTrue(config.motionPrediction());
    }

    @Test
    void shouldReadEveryKey() {
        TrackingConfig config =
                read(
                        Map.ofEntries(
                                Map.entry("tracking.min-iou", "0.5"),
                                Map.entry("tracking.min-hits", "2"),
                                Map.entry("tracking.max-age", "PT2S"),
                                Map.entry("tracking.tau", "250ms"),
                                Map.entry("tracking.margin", "0.2"),
                                Map.entry("tracking.dwell", "750ms"),
                                Map.entry("tracking.update-period", "1min"),
                                Map.entry("tracking.max-tracks-per-camera", "8"),
                                Map.entry("tracking.motion-prediction", "false"),
                                Map.entry("tracking.max-camera-skew", "30s"),
                                Map.entry("quality.min-face-px", "32"),
                                Map.entry("quality.min-score", "0.7")));

        assertEquals(
                new TrackingConfig(
                        0.5,
                        2,
                        Duration.ofSeconds(2),
                        Duration.ofMillis(250),
                        0.2,
                        Duration.ofMillis(750),
                        Duration.ofMinutes(1),
                        8,
                        false,
                        Duration.ofSeconds(30),
                        new FaceQuality(32, 0.7)),
                config);
    }

    @Test
    void shouldTellWhatToSetWhenAValueIsInvalid() {
        assertProblem("tracking.min-iou", "1.5", "must be within (0, 1]");
        assertProblem("tracking.min-hits", "0", "must be 1 or more");
        assertProblem("tracking.max-age", "0", "must be more than 0");
        assertProblem("tracking.margin", "1", "must be within [0, 1)");
        assertProblem("tracking.dwell", "soon", "is not a duration such as 500ms");
        assertProblem("tracking.max-age", "2", "has no unit");
        assertProblem("tracking.max-tracks-per-camera", "many", "is not a whole number");
        assertProblem("tracking.motion-prediction", "yes", "is not a boolean: set true or false");
    }

    @Test
    void shouldRejectAnUnknownTrackingKeyNamingTheNearest() {
        IllegalArgumentException e =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> read(Map.of("tracking.max-agee", "2s")));

        assertTrue(
                e.getMessage()
                        .contains("tracking.max-agee: unknown key; did you mean tracking.max-age?"),
                e.getMessage());
    }

    @Test
    void shouldTreatOffAndZeroAsNoUpdates() {
        assertFalse(read(Map.of("tracking.update-period", "off")).updatesEnabled());
        assertFalse(read(Map.of("tracking.update-period", "0")).updatesEnabled());
        assertTrue(read(Map.of("tracking.update-period", "5s")).updatesEnabled());
        assertEquals(
                Duration.ZERO,
                new TrackingConfig(
                                0.3,
                                3,
                                Duration.ofSeconds(1),
                                Duration.ofMillis(500),
                                0.15,
                                Duration.ofMillis(500),
                                null,
                                64,
                                true,
                                TrackingConfig.defaults().maxCameraSkew(),
                                FaceQuality.DEFAULT)
                        .updatePeriod());
    }

    @Test
    void shouldRefuseInvalidValuesWhenBuiltInCodeToo() {
        IllegalArgumentException e =
                assertThrows(
                        IllegalArgumentException.class,
                        () ->
                                new TrackingConfig(
                                        1.5,
                                        3,
                                        Duration.ofSeconds(1),
                                        Duration.ofMillis(500),
                                        0.15,
                                        Duration.ofMillis(500),
                                        null,
                                        64,
                                        true,
                                        TrackingConfig.defaults().maxCameraSkew(),
                                        FaceQuality.DEFAULT));

        assertTrue(e.getMessage().contains("tracking.min-iou"), e.getMessage());
    }
}
