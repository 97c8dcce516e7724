package io.ferstream.analyze;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ferstream.config.ConfigException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JobSettingsTest {

    @Test
    void shouldReadTheJobsAnalysisDetectionTrackingAndQualityKeys() {
        JobSettings settings =
                JobSettings.read(
                        Map.of(
                                "models.dir", "/opt/models",
                                "inference.threads", "2",
                                "detection.min-face-px", "32",
                                "camera.door-1.detection.interval", "3",
                                "tracking.max-age", "2s",
                                "quality.min-face-px", "30"));

        assertEquals(
                "/opt/models/face-api/tiny_face_detector.json",
                settings.analysis().detectorDescriptor());
        assertEquals(32, settings.detection().forCamera("lobby").minFacePx());
        assertEquals(1, settings.detection().forCamera("lobby").interval());
        assertEquals(3, settings.detection().forCamera("door-1").interval());
        assertEquals(32, settings.detection().forCamera("door-1").minFacePx());
        assertEquals(Duration.ofSeconds(2), settings.tracking().maxAge());
        assertEquals(30, settings.tracking().quality().minFacePx());
    }

    @Test
    void shouldRefuseKeysOnlyTheStreamingJobHasAndReportEveryProblemAtOnce() {
        ConfigException e =
                assertThrows(
                        ConfigException.class,
                        () ->
                                JobSettings.read(
                                        Map.of(
                                                "models.dir", "/opt/models",
                                                "kafka.bootstrap.servers", "kafka:9092",
                                                "tracking.max-agee", "2s",
                                                "detection.interval", "0")));

        String message = e.getMessage();
        assertEquals(3, e.problems().size(), message);
        assertTrue(message.contains("kafka.bootstrap.servers: unknown key"), message);
        assertTrue(
                message.contains("tracking.max-agee: unknown key; did you mean tracking.max-age?"),
                message);
        assertTrue(message.contains("detection.interval: "), message);
    }
}
