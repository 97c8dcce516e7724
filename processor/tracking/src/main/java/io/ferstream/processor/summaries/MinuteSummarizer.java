package io.ferstream.processor.summaries;

import io.ferstream.processor.summaries.CameraMinutes.MinuteTally;
import io.ferstream.processor.summaries.CameraMinutes.OpenTrack;
import io.ferstream.processor.tracking.FaceQuality;
import io.ferstream.schema.ExpressionEvent;
import io.ferstream.schema.ExpressionSummary;
import io.ferstream.schema.LabelDuration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Per camera and minute of its capture time, what its expression events say: how many tracks were
 * present, how long each label was shown (track-milliseconds), and the dominant label.
 *
 * <p>Only events count, so any consumer of {@code expression-events} can compute the same figures:
 * a track is present from its {@code TRACK_STARTED} to its {@code TRACK_ENDED} (both event times,
 * which are capture times) and shows the label of its latest {@code TRACK_STARTED}, {@code
 * EXPRESSION_CHANGED} or {@code TRACK_UPDATED}. Time before confirmation is not counted: the track
 * was not announced yet.
 *
 * <p>A minute is complete once the camera's events up to its end can no longer come: the caller
 * says so with {@link #summariseUntil}, from event time (the tracker's events for a capture time
 * {@code t} all come before event time passes {@code t + maxAge + maxCameraSkew}). Events for a
 * minute already summarised are late: they are counted by the caller and leave the summaries as
 * they were, though they still move their track's label on.
 */
public final class MinuteSummarizer {

    public static final long MINUTE_MILLIS = 60_000;

    /** Where the caller learns the outcome of an event. */
    public enum Applied {
        COUNTED,
        /** Its time was in a minute already summarised. */
        LATE,
        /** About a track this state does not know (its start was before the state existed). */
        UNKNOWN_TRACK
    }

    /** Records {@code event} in the state of its camera; returns how it counted. */
    public Applied apply(CameraMinutes state, ExpressionEvent event) {
        long time = event.getEventTime().toEpochMilli();
        boolean late = time < state.summarisedUntil;
        long countedTime = Math.max(time, state.summarisedUntil);
        OpenTrack track = find(state, event.getTrackId());
        switch (event.getType()) {
            case TRACK_STARTED -> {
                if (track != null) {
                    return Applied.UNKNOWN_TRACK; // a second start: never written by the tracker
                }
                track = open(state, event.getTrackId(), event.getExpression(), countedTime);
                if (!late) {
                    MinuteTally tally = tally(state, minuteOf(time));
                    tally.tracksStarted++;
                    present(tally, track.trackId);
                }
            }
            case EXPRESSION_CHANGED, TRACK_UPDATED -> {
                if (track == null) {
                    return Applied.UNKNOWN_TRACK;
                }
                count(state, track, countedTime, !late);
                track.label = event.getExpression();
            }
            case TRACK_ENDED -> {
                if (track == null) {
                    return Applied.UNKNOWN_TRACK;
                }
                count(state, track, countedTime, !late);
                state.openTracks.remove(track);
            }
            default -> {
                return Applied.UNKNOWN_TRACK; // a type added after this code: not understood
            }
        }
        return late ? Applied.LATE : Applied.COUNTED;
    }

    /**
     * The camera's events are complete up to {@code completeUntil}: summarises every minute that
     * ends at or before it, in order. Tracks still open were present until the minute's end.
     */
    public List<ExpressionSummary> summariseUntil(
            CameraMinutes state, long completeUntil, long emittedMillis) {
        long until = Math.floorDiv(completeUntil, MINUTE_MILLIS) * MINUTE_MILLIS;
        if (until <= state.summarisedUntil) {
            return List.of();
        }
        for (OpenTrack track : state.openTracks) {
            count(state, track, until, true);
        }
        List<ExpressionSummary> out = new ArrayList<>();
        for (Iterator<MinuteTally> it = state.minutes.iterator(); it.hasNext(); ) {
            MinuteTally tally = it.next();
            if (tally.start + MINUTE_MILLIS > until) {
                break;
            }
            out.add(summary(state.cameraId, tally, emittedMillis));
            it.remove();
        }
        state.summarisedUntil = until;
        return out;
    }

    /**
     * When the next minute can be summarised: the end of the earliest minute with time in it, or
     * with an open track; {@link Long#MAX_VALUE} when there is none.
     */
    public long nextMinuteEnd(CameraMinutes state) {
        long earliest = Long.MAX_VALUE;
        if (!state.minutes.isEmpty()) {
            earliest = state.minutes.get(0).start;
        }
        for (OpenTrack track : state.openTracks) {
            earliest = Math.min(earliest, minuteOf(track.countedUntil));
        }
        return earliest == Long.MAX_VALUE ? earliest : earliest + MINUTE_MILLIS;
    }

    /**
     * Whether no track is open and every minute is summarised: only the end of the last summarised
     * minute is left, and no minute is due ({@link #nextMinuteEnd} is {@link Long#MAX_VALUE}).
     */
    public boolean isDone(CameraMinutes state) {
        return state.openTracks.isEmpty() && state.minutes.isEmpty();
    }

    /**
     * Adds the track's time since it was last counted, up to {@code until}, to its minutes. An
     * event at the instant it was last counted makes it present in that instant's minute (a track
     * seen exactly at a minute's start is in that minute), unless the event came late.
     */
    private static void count(CameraMinutes state, OpenTrack track, long until, boolean onTime) {
        long from = track.countedUntil;
        if (until <= from) {
            if (onTime) {
                present(tally(state, minuteOf(from)), track.trackId);
            }
            return;
        }
        while (from < until) {
            long minute = minuteOf(from);
            long end = Math.min(until, minute + MINUTE_MILLIS);
            MinuteTally tally = tally(state, minute);
            present(tally, track.trackId);
            tally.millisPerLabel.merge(track.label, end - from, Long::sum);
            from = end;
        }
        track.countedUntil = until;
    }

    private static OpenTrack open(CameraMinutes state, long trackId, String label, long time) {
        OpenTrack track = new OpenTrack();
        track.trackId = trackId;
        track.label = label;
        track.countedUntil = time;
        int at = 0;
        while (at < state.openTracks.size() && state.openTracks.get(at).trackId < trackId) {
            at++;
        }
        state.openTracks.add(at, track);
        return track;
    }

    private static OpenTrack find(CameraMinutes state, long trackId) {
        for (OpenTrack track : state.openTracks) {
            if (track.trackId == trackId) {
                return track;
            }
        }
        return null;
    }

    /** The tally of the minute starting at {@code start}, created in order when missing. */
    private static MinuteTally tally(CameraMinutes state, long start) {
        int at = 0;
        while (at < state.minutes.size() && state.minutes.get(at).start < start) {
            at++;
        }
        if (at < state.minutes.size() && state.minutes.get(at).start == start) {
            return state.minutes.get(at);
        }
        MinuteTally tally = new MinuteTally();
        tally.start = start;
        state.minutes.add(at, tally);
        return tally;
    }

    private static void present(MinuteTally tally, long trackId) {
        int at = 0;
        while (at < tally.trackIds.size() && tally.trackIds.get(at) < trackId) {
            at++;
        }
        if (at == tally.trackIds.size() || tally.trackIds.get(at) != trackId) {
            tally.trackIds.add(at, trackId);
        }
    }

    /** Start of the minute {@code millis} falls in. */
    public static long minuteOf(long millis) {
        return Math.floorDiv(millis, MINUTE_MILLIS) * MINUTE_MILLIS;
    }

    private static ExpressionSummary summary(String cameraId, MinuteTally tally, long emitted) {
        Map<String, Long> sorted = new TreeMap<>(tally.millisPerLabel);
        List<LabelDuration> durations = new ArrayList<>(sorted.size());
        String dominant = FaceQuality.UNKNOWN;
        long longest = 0;
        for (Map.Entry<String, Long> e : sorted.entrySet()) {
            if (e.getValue() <= 0) {
                continue;
            }
            durations.add(new LabelDuration(e.getKey(), e.getValue()));
            // Strictly longer wins, so a tie goes to the first label alphabetically.
            if (!FaceQuality.UNKNOWN.equals(e.getKey()) && e.getValue() > longest) {
                dominant = e.getKey();
                longest = e.getValue();
            }
        }
        return ExpressionSummary.newBuilder()
                .setSummaryId(cameraId + "/" + Instant.ofEpochMilli(tally.start))
                .setCameraId(cameraId)
                .setWindowStart(Instant.ofEpochMilli(tally.start))
                .setWindowEnd(Instant.ofEpochMilli(tally.start + MINUTE_MILLIS))
                .setFacesSeen(tally.trackIds.size())
                .setTracksStarted(tally.tracksStarted)
                .setTrackMillis(durations)
                .setDominantExpression(dominant)
                .setEmittedTime(Instant.ofEpochMilli(emitted))
                .build();
    }
}
