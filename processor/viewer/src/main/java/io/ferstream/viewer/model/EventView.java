package io.ferstream.viewer.model;

import java.util.Map;

/**
 * The parts of an {@code ExpressionEvent} the viewer uses, as plain Java: the board logic and its
 * tests need no Avro. {@link #type} is the event type's name (TRACK_STARTED, EXPRESSION_CHANGED,
 * TRACK_UPDATED, TRACK_ENDED; anything else is shown but does not move a track).
 *
 * @param eventId the deterministic event id (a replay repeats it: the board ignores repeats)
 * @param type the event type's name
 * @param cameraId the camera
 * @param trackId the track, per camera
 * @param eventTimeMs capture time of the frame that caused it
 * @param frameSequence sequence of that frame: what matches the event to a frame
 * @param box the face box, normalised
 * @param expression the smoothed label
 * @param confidence its smoothed probability
 * @param probabilities smoothed probabilities by label, in the model's order
 * @param summary the summary of a TRACK_ENDED, else null
 * @param receivedAtMs wall clock when the viewer read it
 */
public record EventView(
        String eventId,
        String type,
        String cameraId,
        long trackId,
        long eventTimeMs,
        long frameSequence,
        NormalizedBox box,
        String expression,
        double confidence,
        Map<String, Double> probabilities,
        TrackView.Summary summary,
        long receivedAtMs) {

    public static final String STARTED = "TRACK_STARTED";
    public static final String CHANGED = "EXPRESSION_CHANGED";
    public static final String UPDATED = "TRACK_UPDATED";
    public static final String ENDED = "TRACK_ENDED";

    public EventView {
        probabilities = probabilities == null ? Map.of() : probabilities;
    }

    public boolean isEnd() {
        return ENDED.equals(type);
    }

    /** Whether the event says where a track is (every known type does). */
    public boolean movesTrack() {
        return STARTED.equals(type) || CHANGED.equals(type) || UPDATED.equals(type) || isEnd();
    }
}
