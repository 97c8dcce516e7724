package io.ferstream.processor.tracking.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * What the tracker keeps for one camera: its tracks (in increasing id order), the next track id and
 * the last processed frame. A mutable Flink POJO, stored in one keyed {@code ValueState} and
 * dropped when the camera has no tracks left.
 */
public class CameraTrackingState {

    /** Camera the state belongs to (the key). */
    public String cameraId;

    /**
     * Lowest id the next track may have: ids come from the starting frame's capture time, and this
     * keeps them increasing when frames share a capture time.
     */
    public long nextTrackId = 1;

    /** Capture time and sequence of the last processed frame, to ignore out-of-order frames. */
    public long lastCaptureMillis = Long.MIN_VALUE;

    public long lastFrameSequence = Long.MIN_VALUE;

    /** Expression model of the tracks; a different label list ends them. */
    public String modelName;

    public String modelVersion;
    public String[] labels;

    /** Tentative and confirmed tracks, ordered by track id. */
    public List<TrackState> tracks = new ArrayList<>();

    public CameraTrackingState() {}
}
