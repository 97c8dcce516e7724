package io.ferstream.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.ferstream.inference.Detection;
import io.ferstream.scenes.FaceBox;
import java.util.List;
import org.junit.jupiter.api.Test;

class DetectionScoreTest {

    @Test
    void shouldScoreRecallPerBinAndFalsePositivesPerFrame() {
        DetectionScore score = new DetectionScore();
        FaceBox face = new FaceBox(0, 0, 10, 10);
        Detection onFace = new Detection(0, 0, 10, 10, 0.9);
        Detection elsewhere = new Detection(50, 50, 10, 10, 0.9);

        score.add(24, List.of(face, new FaceBox(30, 0, 10, 10)), List.of(), List.of(onFace));
        score.add(48, List.of(face), List.of(), List.of(onFace, elsewhere));

        assertEquals(0.5, score.recall(24), 1e-9);
        assertEquals(1.0, score.recall(48), 1e-9);
        assertEquals(2 / 3.0, score.recall(), 1e-9);
        assertEquals(0.5, score.falsePositivesPerFrame(), 1e-9);
        assertEquals(1.0, score.falsePositivesPerFrame(48), 1e-9);
        assertEquals(Double.NaN, score.recall(96));
    }
}
