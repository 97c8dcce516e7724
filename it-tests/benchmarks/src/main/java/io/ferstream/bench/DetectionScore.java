package io.ferstream.bench;

import io.ferstream.inference.Detection;
import io.ferstream.scenes.FaceBox;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Recall per size bin and false positives per frame over many frames, by {@link GreedyMatching}.
 * Not thread-safe: fill it from one thread after the frames are analysed.
 */
final class DetectionScore {

    /** True and found faces, frames and false positives of one bin. */
    private static final class Tally {
        int truth;
        int found;
        int frames;
        int falsePositives;

        void add(int truthFaces, int hits, int detections) {
            truth += truthFaces;
            found += hits;
            frames++;
            falsePositives += detections - hits;
        }
    }

    private final Map<Integer, Tally> bins = new TreeMap<>();
    private final Tally all = new Tally();

    /** Scores analysed frames, each in the bin of its face width. */
    static DetectionScore of(List<SceneRunner.Analyzed> frames) {
        DetectionScore score = new DetectionScore();
        for (SceneRunner.Analyzed analyzed : frames) {
            score.add(analyzed.frame().facePx(), analyzed.frame().faces(), analyzed.detections());
        }
        return score;
    }

    /** One frame: its true faces (all in {@code bin}) and what was detected in it. */
    void add(int bin, List<FaceBox> truth, List<Detection> detections) {
        int hits = GreedyMatching.pair(truth, detections, GreedyMatching.MIN_IOU).hits();
        Tally tally = bins.computeIfAbsent(bin, b -> new Tally());
        tally.add(truth.size(), hits, detections.size());
        all.add(truth.size(), hits, detections.size());
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
    java.util.Set<Integer> bins() {
        return bins.keySet();
    }
}
