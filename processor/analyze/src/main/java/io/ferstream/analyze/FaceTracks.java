package io.ferstream.analyze;

import io.ferstream.inference.Face;
import io.ferstream.processor.tracking.FaceObservation;
import io.ferstream.processor.tracking.FrameFaces;
import io.ferstream.processor.tracking.TrackingConfig;
import io.ferstream.processor.tracking.internal.CameraTracker;
import io.ferstream.processor.tracking.internal.CameraTrackingState;
import io.ferstream.processor.tracking.internal.ObservedTracks;
import io.ferstream.processor.tracking.internal.TrackState;
import io.ferstream.processor.tracking.internal.TrackingOutcome;
import io.ferstream.schema.ExpressionEvent;
import io.ferstream.schema.ExpressionEventType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The job's tracker ({@link CameraTracker}) over one camera's frames, keeping the state the job
 * keeps in Flink, and saying which track each face joined ({@link ObservedTracks}).
 */
final class FaceTracks {

    /** The track of each face (null where none took it) and the events of the frame. */
    record Tracked(List<Long> tracks, List<ExpressionEvent> events) {}

    private final CameraTracker tracker;
    private final String cameraId;
    private final ModelInfo model;
    private CameraTrackingState state;
    private long tracks;
    private long lastTrackId = Long.MIN_VALUE;
    private long confirmed;

    /** The expression model whose probabilities the tracker smooths. */
    record ModelInfo(String name, String version, List<String> labels) {}

    FaceTracks(TrackingConfig config, String cameraId, ModelInfo model) {
        // Offline, the processing time in events means nothing; a fixed clock keeps runs equal.
        this.tracker = new CameraTracker(config, () -> 0L);
        this.cameraId = cameraId;
        this.model = model;
    }

    /** Tracks the faces of the next frame (sequence and capture time after the last one's). */
    Tracked observe(long sequence, long captureMillis, int width, int height, List<Face> faces) {
        FrameFaces frame =
                new FrameFaces(
                        cameraId,
                        sequence,
                        captureMillis,
                        width,
                        height,
                        observations(faces),
                        model.name(),
                        model.version(),
                        model.labels().toArray(String[]::new));
        TrackingOutcome outcome = tracker.onFrame(state, frame);
        state = outcome.state();
        TrackState[] tracked = ObservedTracks.of(state, frame);
        Long[] ids = new Long[faces.size()];
        for (int f = 0; f < ids.length; f++) {
            ids[f] = tracked[f] == null ? null : tracked[f].trackId;
        }
        count(ids, outcome.events());
        return new Tracked(Arrays.asList(ids), outcome.events());
    }

    // Faces keep the detector's float box; the tracker stores it as floats, compared alike.
    private static List<FaceObservation> observations(List<Face> faces) {
        List<FaceObservation> out = new ArrayList<>(faces.size());
        for (Face face : faces) {
            var d = face.detection();
            out.add(
                    new FaceObservation(
                            (float) d.x(),
                            (float) d.y(),
                            (float) d.width(),
                            (float) d.height(),
                            (float) d.score(),
                            face.probabilities()));
        }
        return out;
    }

    // Track ids only increase, so a new track is one above every id seen: no set of ids to keep.
    private void count(Long[] ids, List<ExpressionEvent> events) {
        for (Long id : ids) {
            if (id != null && id > lastTrackId) {
                tracks++;
                lastTrackId = id;
            }
        }
        for (ExpressionEvent event : events) {
            if (event.getType() == ExpressionEventType.TRACK_STARTED) {
                confirmed++;
            }
        }
    }

    /** Tracks begun so far, confirmed or not. */
    long tracks() {
        return tracks;
    }

    /**
     * Tracks confirmed so far ({@code TRACK_STARTED}: seen in {@code tracking.min-hits} frames).
     */
    long confirmed() {
        return confirmed;
    }
}
