package io.ferstream.processor.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class AnalysisSettingsTest {

  @Test
  void shouldResolveDescriptorsAndBatchingFromKeys() {
    AnalysisSettings s = AnalysisSettings.fromMap(Map.of("models.dir", "/opt/models",
        "models.classifier", "lnlj/lnlj.json", "inference.classifier.max-batch", "8"));

    assertEquals("/opt/models/lnlj/lnlj.json", s.classifierDescriptor());
    assertEquals("/opt/models/face-api/tiny_face_detector.json", s.detectorDescriptor());
    assertEquals(8, s.analyzer().classifierBatching().maxBatch());
  }

  @Test
  void shouldNameTheKeyOfABadValue() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> AnalysisSettings.fromMap(Map.of("models.dir", "/opt/models", "inference.threads", "two")));
    assertTrue(e.getMessage().contains("inference.threads"), e.getMessage());

    e = assertThrows(IllegalArgumentException.class,
        () -> AnalysisSettings.fromMap(Map.of("models.dir", "/opt/models", "inference.provider", "tpu")));
    assertTrue(e.getMessage().contains("inference.provider"), e.getMessage());
  }
}
