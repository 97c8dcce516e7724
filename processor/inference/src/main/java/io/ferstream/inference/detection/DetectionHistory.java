package io.ferstream.inference.detection;

import io.ferstream.inference.Detection;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

/**
 * One camera's recent detections by frame sequence, for detect-every-N: which frames run the
 * detector, and the boxes predicted for the frames between. Every decision depends only on which
 * sequences were detected and what was found there, never on timing, so the same frames give the
 * same results, also when frames in flight are analysed again after a restore.
 *
 * <p>A frame detects when its sequence is a multiple of the interval, or when no frame of the last
 * interval detected (its detect frame was dropped, or the camera is new). The others are predicted
 * from the latest detection before them and the one before that ({@link MotionPrediction}).
 *
 * <p>Keeps the latest {@code retained} detections: enough for every frame that may still be in
 * flight. Thread-safe: detections complete on inference threads.
 */
public final class DetectionHistory {

    private final int retained;
    private final NavigableMap<Long, CompletableFuture<List<Detection>>> detections =
            new TreeMap<>();

    /**
     * @param retained detections kept: at least the frames a camera may have in flight, plus two
     */
    public DetectionHistory(int retained) {
        if (retained < 2) {
            throw new IllegalArgumentException("keep at least two detections, got " + retained);
        }
        this.retained = retained;
    }

    /** Whether the frame with this sequence runs the detector. */
    public synchronized boolean detects(long sequence, int interval) {
        if (interval <= 1 || Math.floorMod(sequence, interval) == 0) {
            return true;
        }
        Long basis = detections.lowerKey(sequence);
        return basis == null || sequence - basis >= interval;
    }

    /** Records the detection of a frame, in progress or done. */
    public synchronized void detected(long sequence, CompletableFuture<List<Detection>> found) {
        detections.put(sequence, found);
        while (detections.size() > retained) {
            detections.pollFirstEntry();
        }
    }

    /**
     * The boxes predicted for a frame that does not detect ({@link #detects} was false): complete
     * once the detections it is predicted from are.
     */
    public synchronized CompletableFuture<List<Detection>> predicted(long sequence) {
        Map.Entry<Long, CompletableFuture<List<Detection>>> last = detections.lowerEntry(sequence);
        if (last == null) {
            throw new IllegalStateException("frame " + sequence + " has no detection to follow");
        }
        Map.Entry<Long, CompletableFuture<List<Detection>>> previous =
                detections.lowerEntry(last.getKey());
        long lastSequence = last.getKey();
        if (previous == null) {
            return last.getValue()
                    .thenApply(
                            found ->
                                    MotionPrediction.predict(
                                            -1, List.of(), lastSequence, found, sequence));
        }
        long previousSequence = previous.getKey();
        return last.getValue()
                .thenCombine(
                        previous.getValue(),
                        (found, before) ->
                                MotionPrediction.predict(
                                        previousSequence, before, lastSequence, found, sequence));
    }

    /** The detections done so far, by sequence (those in progress are analysed again on replay). */
    public synchronized NavigableMap<Long, List<Detection>> completed() {
        NavigableMap<Long, List<Detection>> done = new TreeMap<>();
        detections.forEach(
                (sequence, found) -> {
                    if (found.isDone() && !found.isCompletedExceptionally()) {
                        done.put(sequence, found.join());
                    }
                });
        return done;
    }

    /** Puts back what {@link #completed} returned, e.g. from a checkpoint. */
    public synchronized void restore(Map<Long, List<Detection>> done) {
        done.forEach(
                (sequence, found) -> detected(sequence, CompletableFuture.completedFuture(found)));
    }
}
