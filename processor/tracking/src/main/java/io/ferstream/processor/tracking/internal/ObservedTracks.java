package io.ferstream.processor.tracking.internal;

import io.ferstream.processor.tracking.FaceObservation;
import io.ferstream.processor.tracking.FrameFaces;
import java.util.List;

/**
 * Which track took each face of a frame. The tracker reports tracks, not faces, so a face's track
 * is found as the one observed in this frame at exactly the face's box (the tracker stores the
 * observed box as it came), each track matched once.
 */
public final class ObservedTracks {

    private ObservedTracks() {}

    /**
     * Per face of {@code frame}, the track that observed it, or null where none did (a face over
     * capacity, or a frame the tracker ignored).
     *
     * @param state the camera's state after the tracker processed {@code frame}; null if none
     */
    public static TrackState[] of(CameraTrackingState state, FrameFaces frame) {
        List<FaceObservation> faces = frame.faces();
        TrackState[] tracks = new TrackState[faces.size()];
        if (state == null) {
            return tracks;
        }
        boolean[] taken = new boolean[state.tracks.size()];
        for (int f = 0; f < faces.size(); f++) {
            tracks[f] = observedAt(state.tracks, frame.frameSequence(), faces.get(f), taken);
        }
        return tracks;
    }

    private static TrackState observedAt(
            List<TrackState> open, long sequence, FaceObservation face, boolean[] taken) {
        for (int t = 0; t < open.size(); t++) {
            TrackState track = open.get(t);
            if (!taken[t]
                    && track.lastFrameSequence == sequence
                    && track.x == face.x()
                    && track.y == face.y()
                    && track.width == face.width()
                    && track.height == face.height()) {
                taken[t] = true;
                return track;
            }
        }
        return null;
    }
}
