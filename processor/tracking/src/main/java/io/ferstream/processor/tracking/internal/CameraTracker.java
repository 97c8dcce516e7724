package io.ferstream.processor.tracking.internal;

import io.ferstream.processor.tracking.FaceObservation;
import io.ferstream.processor.tracking.FrameFaces;
import io.ferstream.processor.tracking.ProcessingClock;
import io.ferstream.processor.tracking.TrackingConfig;
import io.ferstream.schema.ExpressionEvent;
import io.ferstream.schema.ExpressionEventType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;

/**
 * The tracker of one camera as pure logic: takes the camera's state and a frame (or the passing of
 * event time) and returns the new state and the events. Holds no per-camera data itself, so one
 * instance serves every camera of a Flink subtask, and the result depends only on the state and the
 * input: replays and restores give the same events.
 *
 * <p>Rules: faces are matched to tracks by {@link FaceAssociator} (optionally against
 * constant-velocity predictions); unmatched faces start tentative tracks; a track is confirmed
 * after {@code minHits} observations ({@code TRACK_STARTED}) and ends once {@code maxAge} of event
 * time passes without an observation ({@code TRACK_ENDED}, tentative tracks vanish silently);
 * probabilities are smoothed by {@link ExpressionSmoother} and the current expression follows
 * {@link ExpressionHysteresis} ({@code EXPRESSION_CHANGED}); with an update period, a confirmed
 * track that had no event for that long emits {@code TRACK_UPDATED} with its next observation.
 *
 * <p>Expiry is checked both here, when a frame arrives ({@code lastSeen + maxAge < captureTime}),
 * and by the caller's event-time timer at {@code lastSeen + maxAge} ({@link #onEventTime}); the
 * strict and non-strict comparisons agree with watermark semantics, so the outcome does not depend
 * on whether the watermark or the frame came first.
 */
public final class CameraTracker {

    /** No track left to expire. */
    public static final long NO_DEADLINE = Long.MAX_VALUE;

    /**
     * A track's id is {@code captureMillis * TRACK_IDS_PER_MILLI} of the frame that starts it, plus
     * its rank among the tracks that frame starts: unique and increasing per camera (unless a
     * camera starts over a thousand tracks per millisecond of event time, when ids go on from the
     * last). The id depends on the track's own first frame, not on the camera's earlier tracks:
     * tentative tracks that vanish, or a state cleared between tracks, leave the ids of later
     * tracks as they are, so a replay and a run that recovered from a failure agree on them.
     */
    static final long TRACK_IDS_PER_MILLI = 1000;

    private final TrackingConfig config;
    private final ExpressionSmoother smoother;
    private final ExpressionHysteresis hysteresis;
    private final ExpressionEvents events;
    private final long maxAgeMillis;
    private final long updatePeriodMillis;

    public CameraTracker(TrackingConfig config, ProcessingClock clock) {
        this.config = config;
        this.smoother = new ExpressionSmoother(config.tau());
        this.hysteresis = new ExpressionHysteresis(config.margin(), config.dwell());
        this.events = new ExpressionEvents(clock);
        this.maxAgeMillis = config.maxAge().toMillis();
        this.updatePeriodMillis = config.updatePeriod().toMillis();
    }

    /** Earliest event time at which a track of {@code state} expires, or {@link #NO_DEADLINE}. */
    public long nextDeadline(CameraTrackingState state) {
        long deadline = NO_DEADLINE;
        if (state != null) {
            for (TrackState track : state.tracks) {
                deadline = Math.min(deadline, deadlineOf(track));
            }
        }
        return deadline;
    }

    /** Processes one frame of the camera; {@code state} is null for a camera without tracks. */
    public TrackingOutcome onFrame(CameraTrackingState state, FrameFaces frame) {
        long time = frame.captureTimeMillis();
        if (state != null && !isAfterLastFrame(state, frame)) {
            return new TrackingOutcome(state, List.of(), true, 0);
        }
        List<ExpressionEvent> out = new ArrayList<>();
        if (state != null) {
            endTracks(state, time, false, out);
            if (!sameModel(state, frame)) {
                // Probabilities of different models cannot be averaged or summarised together.
                endTracks(state, Long.MAX_VALUE, true, out);
            }
            if (state.tracks.isEmpty()) {
                // As if a timer had ended them first, which clears the camera's state: the next
                // track ids then come from this frame either way, so replays agree on them.
                state = null;
            }
        }
        if (state == null) {
            if (frame.faces().isEmpty()) {
                return new TrackingOutcome(null, out, false, 0);
            }
            state = newCameraState(frame);
        }
        state.modelName = frame.modelName();
        state.modelVersion = frame.modelVersion();
        state.labels = frame.labels().clone();
        state.lastCaptureMillis = time;
        state.lastFrameSequence = frame.frameSequence();

        int facesOverCapacity = matchAndObserve(state, frame, out);
        return new TrackingOutcome(
                state.tracks.isEmpty() ? null : state, out, false, facesOverCapacity);
    }

    /**
     * Event time has reached {@code timeMillis} (a timer fired): ends the tracks whose last
     * observation is {@code maxAge} or more ago.
     */
    public TrackingOutcome onEventTime(CameraTrackingState state, long timeMillis) {
        if (state == null) {
            return new TrackingOutcome(null, List.of(), false, 0);
        }
        List<ExpressionEvent> out = new ArrayList<>();
        endTracks(state, timeMillis, true, out);
        return new TrackingOutcome(state.tracks.isEmpty() ? null : state, out, false, 0);
    }

    private int matchAndObserve(
            CameraTrackingState state, FrameFaces frame, List<ExpressionEvent> out) {
        long time = frame.captureTimeMillis();
        List<TrackState> tracks = state.tracks;
        List<Box> predicted = new ArrayList<>(tracks.size());
        for (TrackState track : tracks) {
            predicted.add(predictedBox(track, time));
        }
        List<FaceObservation> faces = frame.faces();
        List<Box> observed = new ArrayList<>(faces.size());
        for (FaceObservation face : faces) {
            observed.add(new Box(face.x(), face.y(), face.width(), face.height()));
        }
        int[] trackOfFace = FaceAssociator.associate(predicted, observed, config.minIou());

        int existing = tracks.size();
        boolean[] changed = new boolean[existing];
        boolean[] seen = new boolean[existing];
        int facesOverCapacity = 0;
        for (int f = 0; f < faces.size(); f++) {
            int t = trackOfFace[f];
            if (t >= 0) {
                seen[t] = true;
                changed[t] = observe(tracks.get(t), faces.get(f), frame);
            }
        }
        for (int f = 0; f < faces.size(); f++) {
            if (trackOfFace[f] >= 0) {
                continue;
            }
            if (tracks.size() >= config.maxTracksPerCamera()) {
                facesOverCapacity++;
            } else {
                tracks.add(newTrack(state, faces.get(f), frame));
            }
        }
        // Events in track id order (the list is kept ordered: new tracks get higher ids).
        for (int t = 0; t < tracks.size(); t++) {
            boolean isNew = t >= existing;
            if (isNew || seen[t]) {
                emitObservationEvents(state, tracks.get(t), !isNew && changed[t], time, out);
            }
        }
        return facesOverCapacity;
    }

    private void emitObservationEvents(
            CameraTrackingState state,
            TrackState track,
            boolean changed,
            long time,
            List<ExpressionEvent> out) {
        ExpressionEventType type = null;
        if (!track.confirmed) {
            if (track.observations >= config.minHits()) {
                track.confirmed = true;
                type = ExpressionEventType.TRACK_STARTED; // carries the current expression already
            }
        } else if (changed) {
            type = ExpressionEventType.EXPRESSION_CHANGED;
        } else if (updatePeriodMillis > 0 && time - track.lastEventMillis >= updatePeriodMillis) {
            type = ExpressionEventType.TRACK_UPDATED;
        }
        if (type != null) {
            track.lastEventMillis = time;
            out.add(events.of(type, state.cameraId, state, track));
        }
    }

    /** Adds an observation to a track; returns whether its current expression changed. */
    private boolean observe(TrackState track, FaceObservation face, FrameFaces frame) {
        long time = frame.captureTimeMillis();
        long dt = time - track.lastSeenMillis;
        // The expression current until now held since the previous observation.
        if (track.currentLabel != TrackState.UNKNOWN) {
            track.millisPerLabel[track.currentLabel] += dt;
        }
        if (dt > 0) {
            double stepX = (centre(face.x(), face.width()) - track.box().centreX()) / dt;
            double stepY = (centre(face.y(), face.height()) - track.box().centreY()) / dt;
            // Average with the previous estimate: detector jitter makes single steps noisy.
            boolean hasVelocity = track.observations >= 2;
            track.velocityX = hasVelocity ? (track.velocityX + stepX) / 2 : stepX;
            track.velocityY = hasVelocity ? (track.velocityY + stepY) / 2 : stepY;
        }
        setObservation(track, face, frame);
        track.observations++;
        if (!judgeable(face)) {
            return false; // tracked, but its expression is not used
        }
        if (track.smoothed == null) {
            startExpression(track, face); // the first face of the track that could be judged
            return true;
        }
        smoother.update(track.smoothed, face.probabilities(), time - track.lastJudgedMillis);
        track.lastJudgedMillis = time;
        return hysteresis.observe(track, time);
    }

    private boolean judgeable(FaceObservation face) {
        return config.quality().judgeable(face.width(), face.detectionScore());
    }

    private void startExpression(TrackState track, FaceObservation face) {
        track.smoothed = smoother.initial(face.probabilities());
        track.currentLabel = ExpressionHysteresis.leader(track.smoothed);
        track.lastJudgedMillis = track.lastSeenMillis;
    }

    private TrackState newTrack(CameraTrackingState state, FaceObservation face, FrameFaces frame) {
        TrackState track = new TrackState();
        track.trackId = Math.max(firstTrackIdAt(frame.captureTimeMillis()), state.nextTrackId);
        state.nextTrackId = track.trackId + 1;
        track.firstSeenMillis = frame.captureTimeMillis();
        track.lastEventMillis = frame.captureTimeMillis();
        setObservation(track, face, frame);
        track.currentLabel = TrackState.UNKNOWN;
        if (judgeable(face)) {
            startExpression(track, face);
        }
        track.millisPerLabel = new long[face.probabilities().length];
        track.observations = 1;
        return track;
    }

    private void setObservation(TrackState track, FaceObservation face, FrameFaces frame) {
        track.x = face.x();
        track.y = face.y();
        track.width = face.width();
        track.height = face.height();
        track.frameWidth = frame.frameWidth();
        track.frameHeight = frame.frameHeight();
        track.detectionScore = face.detectionScore();
        // What could not be judged is not reported as if it could: zeros, not the model's guess.
        track.rawProbabilities =
                judgeable(face)
                        ? face.probabilities().clone()
                        : new float[face.probabilities().length];
        track.lastSeenMillis = frame.captureTimeMillis();
        track.lastFrameSequence = frame.frameSequence();
    }

    private Box predictedBox(TrackState track, long time) {
        Box box = track.box();
        if (!config.motionPrediction() || track.observations < 2) {
            return box;
        }
        long ahead = time - track.lastSeenMillis;
        return box.shifted(track.velocityX * ahead, track.velocityY * ahead);
    }

    /**
     * Removes tracks that expire by {@code timeMillis}: deadline {@code <= timeMillis} when {@code
     * inclusive} (event time has reached it), {@code <} when a frame at that time arrives (a frame
     * exactly at the deadline may still continue the track).
     */
    private void endTracks(
            CameraTrackingState state,
            long timeMillis,
            boolean inclusive,
            List<ExpressionEvent> out) {
        Iterator<TrackState> it = state.tracks.iterator();
        while (it.hasNext()) {
            TrackState track = it.next();
            long deadline = deadlineOf(track);
            if (deadline < timeMillis || inclusive && deadline == timeMillis) {
                it.remove();
                if (track.confirmed) {
                    out.add(
                            events.of(
                                    ExpressionEventType.TRACK_ENDED, state.cameraId, state, track));
                }
            }
        }
    }

    private long deadlineOf(TrackState track) {
        long deadline = track.lastSeenMillis + maxAgeMillis;
        return deadline < track.lastSeenMillis ? NO_DEADLINE - 1 : deadline; // saturate on overflow
    }

    private static CameraTrackingState newCameraState(FrameFaces frame) {
        CameraTrackingState state = new CameraTrackingState();
        state.cameraId = frame.cameraId(); // track ids come from each track's first frame
        return state;
    }

    /** The id of the first track a frame captured at {@code time} starts. */
    private static long firstTrackIdAt(long time) {
        return time <= 0
                ? 1
                : time >= Long.MAX_VALUE / TRACK_IDS_PER_MILLI
                        ? Long.MAX_VALUE / 2
                        : time * TRACK_IDS_PER_MILLI;
    }

    private static boolean isAfterLastFrame(CameraTrackingState state, FrameFaces frame) {
        return frame.captureTimeMillis() > state.lastCaptureMillis
                || frame.captureTimeMillis() == state.lastCaptureMillis
                        && frame.frameSequence() > state.lastFrameSequence;
    }

    private static boolean sameModel(CameraTrackingState state, FrameFaces frame) {
        return Arrays.equals(state.labels, frame.labels())
                && frame.modelName().equals(state.modelName)
                && frame.modelVersion().equals(state.modelVersion);
    }

    private static double centre(float start, float size) {
        return start + size / 2.0;
    }
}
