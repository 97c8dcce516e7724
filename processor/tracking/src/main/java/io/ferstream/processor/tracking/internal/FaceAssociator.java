package io.ferstream.processor.tracking.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Matches this frame's face boxes to the tracks' (predicted) boxes by overlap.
 *
 * <p>Greedy by descending IoU rather than Hungarian: with the handful of faces per camera and a
 * minimum IoU, the greedy and optimal assignments almost never differ (two candidate pairs would
 * need to overlap the same box by similar amounts), greedy is simpler to reason about, and its
 * explicit tie-break (IoU, then lower track index, then lower face index) keeps the result
 * deterministic on replay. SORT-style trackers reach the same accuracy with either at this scale.
 */
public final class FaceAssociator {

    private FaceAssociator() {}

    /**
     * @param tracks boxes of the existing tracks (predicted to this frame's time)
     * @param faces boxes of this frame's faces
     * @param minIou the least overlap a pair needs to be matched
     * @return for each face, the index of its track, or -1 when unmatched
     */
    public static int[] associate(List<Box> tracks, List<Box> faces, double minIou) {
        List<Candidate> candidates = new ArrayList<>();
        for (int t = 0; t < tracks.size(); t++) {
            for (int f = 0; f < faces.size(); f++) {
                double iou = tracks.get(t).iou(faces.get(f));
                if (iou >= minIou) {
                    candidates.add(new Candidate(t, f, iou));
                }
            }
        }
        candidates.sort(
                Comparator.comparingDouble(Candidate::iou)
                        .reversed()
                        .thenComparingInt(Candidate::track)
                        .thenComparingInt(Candidate::face));
        int[] trackOfFace = new int[faces.size()];
        Arrays.fill(trackOfFace, -1);
        boolean[] trackTaken = new boolean[tracks.size()];
        for (Candidate c : candidates) {
            if (!trackTaken[c.track] && trackOfFace[c.face] < 0) {
                trackTaken[c.track] = true;
                trackOfFace[c.face] = c.track;
            }
        }
        return trackOfFace;
    }

    private record Candidate(int track, int face, double iou) {}
}
