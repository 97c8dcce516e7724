package io.ferstream.analyze;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.ferstream.inference.Classification;
import io.ferstream.inference.Detection;
import io.ferstream.inference.Face;
import io.ferstream.inference.image.PixelBox;
import io.ferstream.processor.tracking.FaceQuality;
import java.util.List;
import org.junit.jupiter.api.Test;

class FaceJudgementTest {

    private static final FaceJudgement JUDGEMENT =
            new FaceJudgement(new FaceQuality(24, 0.5), List.of("neutral", "happy", "sad"));

    private static Face face(double width, double score) {
        return new Face(
                new Detection(10, 10, width, width, score),
                new PixelBox(10, 10, (int) width, (int) width),
                new Classification(new float[] {0.1f, 0.7f, 0.2f}, null));
    }

    @Test
    void shouldLabelAJudgeableFaceWithItsMostProbableExpression() {
        FaceResult result = JUDGEMENT.judge(face(24, 0.5), 3L);

        assertEquals("happy", result.label());
        assertEquals(0.7f, result.probability());
        assertArrayEquals(new float[] {0.1f, 0.7f, 0.2f}, result.probabilities());
        assertEquals(3L, result.track());
    }

    @Test
    void shouldLabelAFaceTooSmallOrTooDoubtfulUnknownWithoutProbabilities() {
        for (Face face : List.of(face(23.9, 0.9), face(80, 0.49))) {
            FaceResult result = JUDGEMENT.judge(face, null);

            assertEquals(FaceQuality.UNKNOWN, result.label());
            assertNull(result.probability());
            assertNull(result.probabilities());
        }
    }
}
