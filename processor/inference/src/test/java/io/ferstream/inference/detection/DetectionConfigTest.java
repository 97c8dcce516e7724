package io.ferstream.inference.detection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ferstream.config.ConfigException;
import io.ferstream.config.ConfigSpec;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DetectionConfigTest {

    private static final ConfigSpec SPEC =
            ConfigSpec.of(DetectionConfig.SETTINGS)
                    .passThrough(DetectionConfig.CAMERA_PREFIX, DetectionConfig.CAMERA_OVERRIDES);

    private static DetectionConfig read(Map<String, String> raw) {
        var reader = SPEC.read(raw);
        DetectionConfig config = DetectionConfig.read(reader);
        reader.throwIfProblems("test configuration");
        return config;
    }

    @Test
    void byDefaultEveryCameraLooksAtTheWholeFrameOnEveryFrame() {
        DetectionConfig config = read(Map.of());
        assertEquals(DetectionSettings.WHOLE_FRAME, config.forCamera("any"));
    }

    @Test
    void aCameraOverridesTheJobsSettingsKeyByKey() {
        DetectionConfig config =
                read(
                        Map.of(
                                "detection.min-face-px", "64",
                                "camera.lobby.2.detection.min-face-px", "40",
                                "camera.lobby.2.detection.regions", "0,0.2,1,0.8",
                                "camera.door.detection.interval", "3"));
        assertEquals(
                new DetectionSettings(64, RegionsOfInterest.EVERYWHERE, 1), config.forCamera("x"));
        assertEquals(
                new DetectionSettings(40, RegionsOfInterest.parse("0,0.2,1,0.8"), 1),
                config.forCamera("lobby.2"));
        assertEquals(
                new DetectionSettings(64, RegionsOfInterest.EVERYWHERE, 3),
                config.forCamera("door"));
    }

    @Test
    void everyBadValueAndUnknownCameraKeyIsReportedUnderItsOwnKey() {
        var e =
                assertThrows(
                        ConfigException.class,
                        () ->
                                read(
                                        Map.of(
                                                "detection.min-face-px", "8",
                                                "camera.a.detection.regions", "0,0,2,1",
                                                "camera.b.detection.min-size", "40",
                                                "camera.c.detection.interval", "0")));
        String message = e.getMessage();
        for (String key :
                new String[] {
                    "detection.min-face-px",
                    "camera.a.detection.regions",
                    "camera.b.detection.min-size",
                    "camera.c.detection.interval"
                }) {
            assertTrue(message.contains(key), key + " missing from: " + message);
        }
        assertTrue(message.contains("is not a region"), message);
        assertTrue(message.contains("unknown per-camera key"), message);
    }
}
