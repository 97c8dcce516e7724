package io.ferstream.bench;

import io.ferstream.inference.Detection;
import io.ferstream.scenes.FaceBox;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Pairs detections with true faces one to one, greedily: of all pairs overlapping by at least the
 * threshold (IoU), the best overlapping pair first, then the best of what is left, and so on. A
 * true face paired is found; a detection left unpaired is a false positive (also a second detection
 * of a face already paired), unless it overlaps a real face without a truth box (a scene's
 * unlabelled faces) by the threshold: that one is neither found nor false.
 */
final class GreedyMatching {

    /** The rule of every table of the detection benchmark. */
    static final double MIN_IOU = 0.4;

    private GreedyMatching() {}

    /**
     * Who was paired.
     *
     * @param found per true face, whether a detection was paired with it
     * @param matched per detection, whether it was paired with a true face
     * @param onUnlabelled per unpaired detection, whether it lies on an unlabelled real face
     * @param pairedDetection per true face, the index of the detection paired with it; -1 if none
     */
    record Pairing(
            boolean[] found, boolean[] matched, boolean[] onUnlabelled, int[] pairedDetection) {

        /** The detection paired with true face {@code truth}, or -1. */
        int detectionOf(int truth) {
            return pairedDetection[truth];
        }

        int hits() {
            return count(found);
        }

        int onUnlabelledFaces() {
            return count(onUnlabelled);
        }

        int falsePositives() {
            return matched.length - count(matched) - count(onUnlabelled);
        }

        /** Whether detection {@code i} is a false positive. */
        boolean isFalse(int i) {
            return !matched[i] && !onUnlabelled[i];
        }

        private static int count(boolean[] flags) {
            int n = 0;
            for (boolean f : flags) {
                n += f ? 1 : 0;
            }
            return n;
        }
    }

    static Pairing pair(
            List<FaceBox> truth,
            List<FaceBox> unlabelled,
            List<Detection> detections,
            double minIou) {
        record Pair(int truth, int detection, double iou) {}
        List<Pair> pairs = new ArrayList<>();
        for (int t = 0; t < truth.size(); t++) {
            FaceBox face = truth.get(t);
            for (int d = 0; d < detections.size(); d++) {
                double iou = face.iou(detections.get(d));
                if (iou >= minIou) {
                    pairs.add(new Pair(t, d, iou));
                }
            }
        }
        // ties keep the input order (stable sort), so the result never depends on chance
        pairs.sort(Comparator.comparingDouble(Pair::iou).reversed());
        boolean[] truthTaken = new boolean[truth.size()];
        boolean[] detectionTaken = new boolean[detections.size()];
        int[] pairedDetection = new int[truth.size()];
        Arrays.fill(pairedDetection, -1);
        for (Pair pair : pairs) {
            if (!truthTaken[pair.truth] && !detectionTaken[pair.detection]) {
                truthTaken[pair.truth] = true;
                detectionTaken[pair.detection] = true;
                pairedDetection[pair.truth] = pair.detection;
            }
        }
        boolean[] onUnlabelled = new boolean[detections.size()];
        for (int d = 0; d < detections.size(); d++) {
            for (FaceBox face : unlabelled) {
                onUnlabelled[d] |= !detectionTaken[d] && face.iou(detections.get(d)) >= minIou;
            }
        }
        return new Pairing(truthTaken, detectionTaken, onUnlabelled, pairedDetection);
    }
}
