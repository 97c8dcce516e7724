package io.ferstream.inference.detection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ferstream.inference.Detection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class DetectionHistoryTest {

    private static CompletableFuture<List<Detection>> found(double x) {
        return CompletableFuture.completedFuture(List.of(new Detection(x, 100, 50, 50, 0.9)));
    }

    @Test
    void multiplesOfTheIntervalDetectAndTheFramesBetweenFollowThem() {
        DetectionHistory history = new DetectionHistory(4);
        assertTrue(history.detects(0, 3));
        history.detected(0, found(100));
        assertFalse(history.detects(1, 3));
        assertFalse(history.detects(2, 3));
        assertTrue(history.detects(3, 3));
        assertTrue(history.detects(7, 1), "interval 1 always detects");
    }

    @Test
    void aCameraWithoutARecentDetectionDetectsWhateverItsSequence() {
        DetectionHistory history = new DetectionHistory(4);
        assertTrue(history.detects(4, 3), "a new camera");
        history.detected(4, found(100));
        assertFalse(history.detects(5, 3));
        // frame 6, the next multiple, was dropped upstream: 7 is more than an interval past 4
        assertTrue(history.detects(7, 3));
    }

    @Test
    void framesBetweenAreMovedOnByTheMotionOfTheLastTwoDetections() {
        DetectionHistory history = new DetectionHistory(4);
        history.detected(0, found(100));
        history.detected(3, found(130));
        Detection at5 = history.predicted(5).join().get(0);
        assertEquals(150, at5.x(), 1e-9);
        assertEquals(50, at5.width(), 1e-9);
    }

    @Test
    void aFrameIsPredictedFromTheDetectionsBeforeItEvenWhenLaterOnesAreDone() {
        DetectionHistory history = new DetectionHistory(4);
        history.detected(0, found(100));
        history.detected(3, found(130));
        history.detected(6, found(400)); // finished early, before frame 4 was analysed
        assertEquals(140, history.predicted(4).join().get(0).x(), 1e-9);
    }

    @Test
    void aPredictionWaitsForTheDetectionItFollows() {
        DetectionHistory history = new DetectionHistory(4);
        CompletableFuture<List<Detection>> pending = new CompletableFuture<>();
        history.detected(0, pending);
        CompletableFuture<List<Detection>> predicted = history.predicted(1);
        assertFalse(predicted.isDone());
        pending.complete(List.of(new Detection(10, 10, 40, 40, 0.8)));
        assertEquals(10, predicted.join().get(0).x(), 1e-9, "one detection: it stands still");
    }

    @Test
    void restoredCompletedDetectionsPredictTheSameAsBefore() {
        DetectionHistory before = new DetectionHistory(4);
        before.detected(0, found(100));
        before.detected(3, found(130));
        before.detected(6, new CompletableFuture<>()); // in flight: analysed again on replay
        DetectionHistory after = new DetectionHistory(4);
        after.restore(before.completed());
        assertEquals(List.of(0L, 3L), List.copyOf(after.completed().keySet()));
        assertEquals(before.predicted(4).join(), after.predicted(4).join());
    }

    @Test
    void onlyTheLatestDetectionsAreKept() {
        DetectionHistory history = new DetectionHistory(3);
        for (int s = 0; s < 30; s += 3) {
            history.detected(s, found(s));
        }
        assertEquals(List.of(21L, 24L, 27L), List.copyOf(history.completed().keySet()));
    }
}
