package io.ferstream.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ferstream.inference.Detection;
import io.ferstream.scenes.FaceBox;
import java.util.List;
import org.junit.jupiter.api.Test;

class GreedyMatchingTest {

    @Test
    void shouldPairTheBestOverlapFirstAndEachBoxOnce() {
        // configure: two faces side by side; detection 0 overlaps both, best the second;
        // detection 1 sits exactly on the second
        List<FaceBox> truth = List.of(new FaceBox(0, 0, 10, 10), new FaceBox(10, 0, 10, 10));
        List<Detection> detections =
                List.of(new Detection(4, 0, 10, 10, 0.9), new Detection(10, 0, 10, 10, 0.8));

        GreedyMatching.Pairing pairing = GreedyMatching.pair(truth, List.of(), detections, 0.4);

        // verify: detection 1 takes the second face (IoU 1); detection 0 overlaps the first by
        // 6/14 = 0.43 and takes it
        assertArrayEquals(new boolean[] {true, true}, pairing.found());
        assertArrayEquals(new boolean[] {true, true}, pairing.matched());
    }

    @Test
    void shouldCountASecondDetectionOfOneFaceAsFalsePositive() {
        List<FaceBox> truth = List.of(new FaceBox(0, 0, 10, 10));
        List<Detection> detections =
                List.of(new Detection(0, 0, 10, 10, 0.9), new Detection(1, 1, 10, 10, 0.7));

        GreedyMatching.Pairing pairing = GreedyMatching.pair(truth, List.of(), detections, 0.4);

        assertEquals(1, pairing.hits());
        assertArrayEquals(new boolean[] {true, false}, pairing.matched());
    }

    @Test
    void shouldNotPairBelowTheThreshold() {
        List<FaceBox> truth = List.of(new FaceBox(0, 0, 10, 10));
        // IoU = 50 / 150 = 0.33
        List<Detection> detections = List.of(new Detection(5, 0, 10, 10, 0.9));

        assertEquals(0, GreedyMatching.pair(truth, List.of(), detections, 0.4).hits());
    }

    @Test
    void shouldExcuseADetectionOfARealFaceWithoutTruthBox() {
        List<FaceBox> truth = List.of(new FaceBox(0, 0, 10, 10));
        List<FaceBox> unlabelled = List.of(new FaceBox(50, 0, 10, 10));
        List<Detection> detections =
                List.of(
                        new Detection(0, 0, 10, 10, 0.9),
                        new Detection(51, 0, 10, 10, 0.8),
                        new Detection(100, 0, 10, 10, 0.7));

        GreedyMatching.Pairing pairing = GreedyMatching.pair(truth, unlabelled, detections, 0.4);

        assertEquals(1, pairing.hits());
        assertEquals(1, pairing.onUnlabelledFaces());
        assertEquals(1, pairing.falsePositives());
        assertTrue(pairing.isFalse(2));
    }
}
