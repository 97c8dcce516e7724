package io.ferstream.processor.summaries;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@link MinuteSummarizer} keeps for one camera: the tracks present now, with the label they
 * show since when, and the minutes not yet summarised. A mutable Flink POJO, stored in one keyed
 * {@code ValueState} and dropped when the camera has neither.
 */
public class CameraMinutes {

    /** Camera the state belongs to (the key). */
    public String cameraId;

    /** Minutes ending at or before this (camera time) have been summarised. */
    public long summarisedUntil = Long.MIN_VALUE;

    /** Tracks between their TRACK_STARTED and TRACK_ENDED, ordered by track id. */
    public List<OpenTrack> openTracks = new ArrayList<>();

    /** Minutes with track-time not yet summarised, ordered by start. */
    public List<MinuteTally> minutes = new ArrayList<>();

    public CameraMinutes() {}

    /**
     * A track that has started and not ended: the label it shows, and since when it was counted.
     */
    public static class OpenTrack {
        public long trackId;
        public String label;

        /** Its time up to here is in the tallies. */
        public long countedUntil;

        public OpenTrack() {}
    }

    /** One minute's figures so far. */
    public static class MinuteTally {
        public long start;

        /** Tracks present in the minute, in increasing id order. */
        public List<Long> trackIds = new ArrayList<>();

        public int tracksStarted;

        /** Track-milliseconds per label. */
        public Map<String, Long> millisPerLabel = new HashMap<>();

        public MinuteTally() {}
    }
}
