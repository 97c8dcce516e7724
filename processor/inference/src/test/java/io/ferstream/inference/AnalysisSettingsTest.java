package io.ferstream.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ferstream.config.ConfigReader;
import io.ferstream.config.ConfigSpec;
import io.ferstream.image.ImageLimits;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AnalysisSettingsTest {

    private static AnalysisSettings read(Map<String, String> settings) {
        ConfigReader reader = ConfigSpec.of(AnalysisSettings.SETTINGS).read(settings);
        AnalysisSettings read = AnalysisSettings.read(reader);
        reader.throwIfProblems("analysis settings");
        return read;
    }

    @Test
    void shouldResolveDescriptorsBatchingAndLimitsFromKeys() {
        AnalysisSettings s =
                read(
                        Map.of(
                                "models.dir",
                                "/opt/models",
                                "models.classifier",
                                "lnlj/lnlj.json",
                                "inference.classifier.max-batch",
                                "8",
                                "image.max-bytes",
                                "4mb",
                                "image.max-width",
                                "1920"));

        assertEquals("/opt/models/lnlj/lnlj.json", s.classifierDescriptor());
        assertEquals("/opt/models/face-api/tiny_face_detector.json", s.detectorDescriptor());
        assertEquals(8, s.analyzer().classifierBatching().maxBatch());
        assertEquals(new ImageLimits(4L << 20, 1920, 2160), s.images().limits());
    }

    @Test
    void shouldUseTheGatesImageLimitsByDefault() {
        assertEquals(
                ImageLimits.DEFAULT, read(Map.of("models.dir", "/opt/models")).images().limits());
    }

    @Test
    void shouldNameTheKeyOfEveryBadValueAtOnce() {
        IllegalArgumentException e =
                assertThrows(
                        IllegalArgumentException.class,
                        () ->
                                read(
                                        Map.of(
                                                "models.dir",
                                                "/opt/models",
                                                "inference.threads",
                                                "two",
                                                "inference.provider",
                                                "tpu",
                                                "inference.detector.queue",
                                                "2")));

        String msg = e.getMessage();
        assertTrue(msg.contains("inference.threads: 'two' is not a whole number"), msg);
        assertTrue(msg.contains("inference.provider: 'tpu' is not one of cpu, cuda"), msg);
        assertTrue(
                msg.contains(
                        "inference.detector.queue: 2 is less than inference.detector.max-batch"
                                + " (4)"),
                msg);
    }
}
