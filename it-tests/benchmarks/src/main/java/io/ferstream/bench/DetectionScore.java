package io.ferstream.bench;

import io.ferstream.inference.Detection;
import io.ferstream.scenes.FaceBox;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Recall per size bin and false positives per frame over many frames, by {@link GreedyMatching}.
 * Not thread-safe: fill it from one thread after the frames are analysed.
 */
final class DetectionScore {

    /**
     * True and found faces, frames, false positives and detections of unlabelled faces of one bin.
     */
    private static final class Tally {
        int truth;
        int found;
        int frames;
        int falsePositives;
        int onUnlabelled;

        void add(int truthFaces, GreedyMatching.Pairing pairing) {
            truth += truthFaces;
            found += pairing.hits();
            frames++;
            falsePositives += pairing.falsePositives();
            onUnlabelled += pairing.onUnlabelledFaces();
        }
    }

    private final Map<Integer, Tally> bins = new TreeMap<>();
    private final Tally all = new Tally();

    /** Scores analysed frames, each in the bin of its face width. */
    static DetectionScore of(List<SceneRunner.Analyzed> frames) {
        DetectionScore score = new DetectionScore();
        for (SceneRunner.Analyzed analyzed : frames) {
            TestCamera.Frame frame = analyzed.frame();
            score.add(frame.facePx(), frame.faces(), frame.unlabelled(), analyzed.detections());
        }
        return score;
    }

    /**
     * One frame: its true faces (all in {@code bin}), its real faces without a truth box, and what
     * was detected in it.
     */
    void add(int bin, List<FaceBox> truth, List<FaceBox> unlabelled, List<Detection> detections) {
        GreedyMatching.Pairing pairing =
                GreedyMatching.pair(truth, unlabelled, detections, GreedyMatching.MIN_IOU);
        bins.computeIfAbsent(bin, b -> new Tally()).add(truth.size(), pairing);
        all.add(truth.size(), pairing);
    }

    /** Found over true faces of the bin; NaN when it had none. */
    double recall(int bin) {
        Tally tally = bins.get(bin);
        return tally == null || tally.truth == 0 ? Double.NaN : tally.found / (double) tally.truth;
    }

    double recall() {
        return all.truth == 0 ? Double.NaN : all.found / (double) all.truth;
    }

    int truth(int bin) {
        Tally tally = bins.get(bin);
        return tally == null ? 0 : tally.truth;
    }

    int truth() {
        return all.truth;
    }

    int found() {
        return all.found;
    }

    /** Detections on real faces without a truth box: neither found nor false. */
    int onUnlabelled() {
        return all.onUnlabelled;
    }

    int falsePositives() {
        return all.falsePositives;
    }

    double falsePositivesPerFrame() {
        return all.frames == 0 ? Double.NaN : all.falsePositives / (double) all.frames;
    }

    /** False positives per frame among the frames of one bin; NaN when it had none. */
    double falsePositivesPerFrame(int bin) {
        Tally tally = bins.get(bin);
        return tally == null || tally.frames == 0
                ? Double.NaN
                : tally.falsePositives / (double) tally.frames;
    }

    int frames() {
        return all.frames;
    }

    /** The bins seen, ascending. */
    Set<Integer> bins() {
        return bins.keySet();
    }
}
