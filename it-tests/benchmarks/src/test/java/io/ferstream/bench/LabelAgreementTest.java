package io.ferstream.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.ferstream.inference.AnalyzedFrame;
import io.ferstream.inference.Classification;
import io.ferstream.inference.Detection;
import io.ferstream.inference.Face;
import io.ferstream.inference.image.PixelBox;
import io.ferstream.scenes.FaceBox;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LabelAgreementTest {

    private static final FaceBox LEFT = new FaceBox(0, 0, 40, 40);
    private static final FaceBox RIGHT = new FaceBox(200, 0, 40, 40);
    private static final TestCamera.Frame FIRST =
            new TestCamera.Frame("first", 40, new byte[0], List.of(LEFT, RIGHT), List.of());
    private static final TestCamera.Frame SECOND =
            new TestCamera.Frame("second", 40, new byte[0], List.of(LEFT, RIGHT), List.of());

    @Test
    void comparesTheLabelsOfTrueFacesBothPassesLabelledInTheSameFrame() {
        List<SceneRunner.Analyzed> everyFrame =
                List.of(
                        analyzed(FIRST, face(LEFT, 0), face(RIGHT, 1)),
                        analyzed(SECOND, face(LEFT, 0), face(RIGHT, 1)));
        List<SceneRunner.Analyzed> everyThird =
                List.of(
                        // found in the other order: pairing goes by box, not by position
                        analyzed(FIRST, face(RIGHT, 1), face(LEFT, 0)),
                        // the right face missed (not compared), the left one labelled otherwise
                        analyzed(SECOND, face(LEFT, 2)));

        LabelAgreement agreement =
                LabelAgreement.between(
                        FaceLabels.perFrame(everyFrame), FaceLabels.perFrame(everyThird));

        assertEquals(3, agreement.compared());
        assertEquals(2, agreement.agreed());
        assertEquals(2 / 3.0, agreement.share(), 1e-9);
    }

    @Test
    void onTracksAFaceHasNoLabelUntilItsTrackIsConfirmedThenTheSmoothedOne() {
        // default tracking: confirmed at the third observation, a lead held 500 ms to change
        List<SceneRunner.Analyzed> pass = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            TestCamera.Frame frame =
                    new TestCamera.Frame("f" + i, 40, new byte[0], List.of(LEFT), List.of());
            int label = i == 4 ? 2 : 0; // one frame's flicker
            pass.add(
                    new SceneRunner.Analyzed(
                            frame,
                            0,
                            i,
                            640,
                            480,
                            new AnalyzedFrame(true, List.of(face(LEFT, label)))));
        }
        int[][] tracked = FaceLabels.onTracks(pass, List.of("a", "b", "c", "d", "e", "f", "g"));
        int[][] raw = FaceLabels.perFrame(pass);
        assertEquals(-1, tracked[0][0]);
        assertEquals(-1, tracked[1][0]);
        assertEquals(0, tracked[2][0]);
        assertEquals(2, raw[4][0]);
        assertEquals(0, tracked[4][0], "a flicker shorter than the dwell keeps the track's label");
    }

    @Test
    void refusesPassesOverDifferentFrames() {
        assertThrows(
                IllegalArgumentException.class,
                () ->
                        LabelAgreement.between(
                                FaceLabels.perFrame(List.of(analyzed(FIRST))),
                                FaceLabels.perFrame(List.of(analyzed(FIRST), analyzed(SECOND)))));
        assertEquals(Double.NaN, new LabelAgreement(0, 0).share());
    }

    private static SceneRunner.Analyzed analyzed(TestCamera.Frame frame, Face... faces) {
        return new SceneRunner.Analyzed(
                frame,
                0,
                frame == FIRST ? 0 : 1,
                640,
                480,
                new AnalyzedFrame(true, List.of(faces)));
    }

    private static Face face(FaceBox box, int label) {
        float[] probabilities = new float[7];
        probabilities[label] = 1;
        return new Face(
                new Detection(box.x(), box.y(), box.width(), box.height(), 0.9),
                new PixelBox((int) box.x(), (int) box.y(), (int) box.width(), (int) box.height()),
                new Classification(probabilities, null));
    }
}
