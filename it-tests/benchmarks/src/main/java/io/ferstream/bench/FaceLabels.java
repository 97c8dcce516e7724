package io.ferstream.bench;

import io.ferstream.inference.Face;
import io.ferstream.processor.tracking.FaceObservation;
import io.ferstream.processor.tracking.FrameFaces;
import io.ferstream.processor.tracking.TrackingConfig;
import io.ferstream.processor.tracking.internal.CameraTracker;
import io.ferstream.processor.tracking.internal.CameraTrackingState;
import io.ferstream.processor.tracking.internal.ObservedTracks;
import io.ferstream.processor.tracking.internal.TrackState;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * The expression label of each true face in each analysed frame, as a table: per frame (in the
 * pass's order), per true face, a label index, or -1 where the face was not found or has no label.
 * A true face takes the label of the face paired with it ({@link GreedyMatching}).
 */
final class FaceLabels {

    /** The cameras' frame interval for the tracker: 10 frames/s, as the demo cameras send. */
    static final long FRAME_MILLIS = 100;

    private FaceLabels() {}

    /** Each face's own label: its most probable expression in that frame alone. */
    static int[][] perFrame(List<SceneRunner.Analyzed> pass) {
        int[][] labels = new int[pass.size()][];
        for (int i = 0; i < pass.size(); i++) {
            SceneRunner.Analyzed analyzed = pass.get(i);
            List<Face> faces = analyzed.result().faces();
            int[] faceLabels = new int[faces.size()];
            for (int f = 0; f < faceLabels.length; f++) {
                faceLabels[f] = faces.get(f).classification().top();
            }
            labels[i] = perTruth(analyzed, faceLabels);
        }
        return labels;
    }

    /**
     * The label the job's tracker (default settings) holds for the face's track: smoothed over the
     * track's frames, with hysteresis; -1 until the track is confirmed and judged, as the job emits
     * no label before that.
     */
    static int[][] onTracks(List<SceneRunner.Analyzed> pass, List<String> labelNames) {
        int[][] labels = new int[pass.size()][];
        Integer[] order = new Integer[pass.size()];
        Arrays.setAll(order, i -> i);
        Arrays.sort(
                order,
                Comparator.<Integer>comparingInt(i -> pass.get(i).camera())
                        .thenComparingInt(i -> pass.get(i).sequence()));
        CameraTracker tracker = new CameraTracker(TrackingConfig.defaults(), () -> 0L);
        CameraTrackingState state = null;
        int camera = -1;
        for (int i : order) {
            SceneRunner.Analyzed analyzed = pass.get(i);
            if (analyzed.camera() != camera) {
                camera = analyzed.camera();
                state = null;
            }
            FrameFaces frame = frameFaces(analyzed, labelNames);
            state = tracker.onFrame(state, frame).state();
            TrackState[] tracks = ObservedTracks.of(state, frame);
            int[] faceLabels = new int[tracks.length];
            for (int f = 0; f < faceLabels.length; f++) {
                faceLabels[f] =
                        tracks[f] != null && tracks[f].confirmed ? tracks[f].currentLabel : -1;
            }
            labels[i] = perTruth(analyzed, faceLabels);
        }
        return labels;
    }

    private static FrameFaces frameFaces(SceneRunner.Analyzed analyzed, List<String> labelNames) {
        List<FaceObservation> observations = new ArrayList<>();
        for (Face face : analyzed.result().faces()) {
            var d = face.detection();
            observations.add(
                    new FaceObservation(
                            (float) d.x(),
                            (float) d.y(),
                            (float) d.width(),
                            (float) d.height(),
                            (float) d.score(),
                            face.probabilities()));
        }
        return new FrameFaces(
                "camera-" + analyzed.camera(),
                analyzed.sequence(),
                analyzed.sequence() * FRAME_MILLIS,
                analyzed.width(),
                analyzed.height(),
                observations,
                "classifier",
                "bench",
                labelNames.toArray(String[]::new));
    }

    private static int[] perTruth(SceneRunner.Analyzed analyzed, int[] faceLabels) {
        TestCamera.Frame frame = analyzed.frame();
        GreedyMatching.Pairing pairing =
                GreedyMatching.pair(
                        frame.faces(),
                        frame.unlabelled(),
                        analyzed.detections(),
                        GreedyMatching.MIN_IOU);
        int[] labels = new int[frame.faces().size()];
        for (int t = 0; t < labels.length; t++) {
            int d = pairing.detectionOf(t);
            labels[t] = d >= 0 ? faceLabels[d] : -1;
        }
        return labels;
    }
}
