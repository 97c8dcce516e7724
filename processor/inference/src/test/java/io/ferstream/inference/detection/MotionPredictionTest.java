package io.ferstream.inference.detection;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.ferstream.inference.Detection;
import java.util.List;
import org.junit.jupiter.api.Test;

class MotionPredictionTest {

    @Test
    void aFaceKeepsTheVelocityAndGrowthItHadBetweenTheLastTwoDetections() {
        Detection before = new Detection(100, 200, 40, 40, 0.8);
        Detection now = new Detection(130, 190, 46, 46, 0.9);
        Detection next = MotionPrediction.predict(0, List.of(before), 3, List.of(now), 4).get(0);
        // the centre moved from (120, 220) to (153, 213) over 3 frames: (+11, -7/3) a frame;
        // the width grew from 40 to 46: 2 a frame
        assertEquals(153 + 11 - 48 / 2.0, next.x(), 1e-9);
        assertEquals(48, next.width(), 1e-9);
        assertEquals(213 - 7 / 3.0 - 48 / 2.0, next.y(), 1e-9);
        assertEquals(0.9, next.score(), 0);
    }

    @Test
    void aNewFaceAndAFaceWithoutHistoryStandStill() {
        Detection elsewhere = new Detection(900, 200, 40, 40, 0.8);
        Detection now = new Detection(100, 100, 40, 40, 0.9);
        assertEquals(
                List.of(now), MotionPrediction.predict(0, List.of(elsewhere), 3, List.of(now), 5));
        assertEquals(List.of(now), MotionPrediction.predict(-1, List.of(), 3, List.of(now), 5));
    }

    @Test
    void eachEarlierFaceMatchesOneFaceOnly() {
        Detection before = new Detection(100, 100, 40, 40, 0.8);
        Detection a = new Detection(104, 100, 40, 40, 0.9);
        Detection b = new Detection(97, 100, 40, 40, 0.85);
        List<Detection> next = MotionPrediction.predict(0, List.of(before), 1, List.of(a, b), 2);
        assertEquals(108, next.get(0).x(), 1e-9); // b is nearer, but a comes first (better score)
        assertEquals(b, next.get(1), "the second face's match is taken: it stands still");
    }
}
