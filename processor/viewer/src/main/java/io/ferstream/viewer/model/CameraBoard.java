package io.ferstream.viewer.model;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * The tracks of one camera as the frames on screen should show them. Events are matched to frames
 * by sequence: an event waits ("pending") until the frame it was made from, or a later one, is
 * displayed, so a box appears on the frame its face was seen in, not on whichever frame happened to
 * be newest when the event arrived. An event older than the displayed frame (TRACK_ENDED comes
 * {@code maxAge} after the last observation) applies at once.
 *
 * <p>TRACK_STARTED makes a track, EXPRESSION_CHANGED and TRACK_UPDATED move it and relabel it,
 * TRACK_ENDED removes its box and keeps its timeline and summary among the last few ended tracks.
 * Everything is bounded: pending events, live tracks, ended tracks, timeline points and the event
 * ids remembered to drop repeats (a replay after a job restart repeats ids). Thread-safe.
 */
public final class CameraBoard {

    /** One track for the page: where its box is now, and its timeline. */
    public record TrackSnapshot(
            long trackId,
            NormalizedBox box,
            String label,
            double confidence,
            boolean ended,
            long startedSequence,
            long lastSequence,
            List<TrackView.TimelinePoint> timeline,
            TrackView.Summary summary) {}

    /** How much one board may hold. */
    public record Limits(int maxPending, int maxTracks, int maxEndedTracks, int timelinePoints) {
        public Limits {
            if (maxPending < 1 || maxTracks < 1 || maxEndedTracks < 0 || timelinePoints < 1) {
                throw new IllegalArgumentException(
                        "board limits must be positive (ended tracks >= 0): " + this);
            }
        }

        public static Limits defaults() {
            return new Limits(512, 64, 16, 120);
        }
    }

    private static final int REMEMBERED_IDS = 2048;

    private record Pending(long order, EventView event) {}

    private final Limits limits;
    private final PriorityQueue<Pending> pending =
            new PriorityQueue<>(
                    Comparator.comparingLong((Pending p) -> p.event().frameSequence())
                            .thenComparingLong(Pending::order));
    private final Map<Long, TrackView> live = new LinkedHashMap<>();
    private final Deque<TrackView> ended = new ArrayDeque<>();
    private final LinkedHashSet<String> seenIds = new LinkedHashSet<>();
    private long arrivals;
    private long displayedSequence = -1;
    private long version;

    public CameraBoard(Limits limits) {
        this.limits = limits;
    }

    /**
     * Takes an event: applies it now if its frame is already on screen, else keeps it until that
     * frame is. Returns whether the board changed now.
     */
    public synchronized boolean offer(EventView event) {
        if (!rememberId(event.eventId())) {
            return false;
        }
        if (event.frameSequence() <= displayedSequence) {
            apply(event);
            return true;
        }
        pending.add(new Pending(arrivals++, event));
        boolean changed = false;
        while (pending.size() > limits.maxPending()) {
            // More waiting than a board may hold (frames stopped, say): show the oldest now.
            apply(pending.poll().event());
            changed = true;
        }
        return changed;
    }

    /**
     * The frame with {@code sequence} is now on screen: applies every event made from it or an
     * earlier frame. A sequence lower than the last (the camera restarted and counts from 0 again)
     * starts the count anew. Returns whether the board changed.
     */
    public synchronized boolean advanceTo(long sequence) {
        displayedSequence = sequence;
        boolean changed = false;
        while (!pending.isEmpty() && pending.peek().event().frameSequence() <= sequence) {
            apply(pending.poll().event());
            changed = true;
        }
        return changed;
    }

    private void apply(EventView event) {
        version++;
        if (!event.movesTrack()) {
            return;
        }
        TrackView track = live.get(event.trackId());
        if (track == null) {
            if (event.isEnd() && isEnded(event.trackId())) {
                return;
            }
            track = new TrackView(event.trackId(), limits.timelinePoints(), event.frameSequence());
            live.put(event.trackId(), track);
            while (live.size() > limits.maxTracks()) {
                // A track whose end never came (the viewer started mid-track, or the end was
                // lost): the least recently started goes first.
                Iterator<TrackView> oldest = live.values().iterator();
                oldest.next();
                oldest.remove();
            }
        }
        track.apply(event);
        if (track.ended()) {
            live.remove(event.trackId());
            ended.addFirst(track);
            while (ended.size() > limits.maxEndedTracks()) {
                ended.removeLast();
            }
        }
    }

    private boolean isEnded(long trackId) {
        return ended.stream().anyMatch(t -> t.trackId() == trackId);
    }

    private boolean rememberId(String id) {
        if (id == null) {
            return true;
        }
        if (!seenIds.add(id)) {
            return false;
        }
        if (seenIds.size() > REMEMBERED_IDS) {
            Iterator<String> oldest = seenIds.iterator();
            oldest.next();
            oldest.remove();
        }
        return true;
    }

    /** The boxes to draw on the displayed frame: the live tracks, oldest first. */
    public synchronized List<TrackSnapshot> liveTracks() {
        List<TrackSnapshot> out = new ArrayList<>();
        for (TrackView t : live.values()) {
            out.add(snapshot(t, false));
        }
        return out;
    }

    /** Live tracks, then the last ended ones (newest first), each with its timeline. */
    public synchronized List<TrackSnapshot> timelines() {
        List<TrackSnapshot> out = new ArrayList<>();
        for (TrackView t : live.values()) {
            out.add(snapshot(t, true));
        }
        for (TrackView t : ended) {
            out.add(snapshot(t, true));
        }
        return out;
    }

    /**
     * The regions to blur in the displayed frame, each grown by {@code growth} of its size: the
     * live tracks' boxes, and the boxes of events still waiting for their frame. Those are faces
     * about to be confirmed or already moving on: the frames before a TRACK_STARTED show the same
     * face, unconfirmed, and must not show it unblurred either.
     */
    public synchronized List<NormalizedBox> privacyRegions(double growth) {
        List<NormalizedBox> out = new ArrayList<>();
        for (TrackView t : live.values()) {
            out.add(t.box().grownBy(growth));
        }
        for (Pending p : pending) {
            if (p.event().box() != null) {
                out.add(p.event().box().grownBy(growth));
            }
        }
        return out;
    }

    /** Grows with every change: the page is sent the timelines again when it moved. */
    public synchronized long version() {
        return version;
    }

    public synchronized long displayedSequence() {
        return displayedSequence;
    }

    public synchronized int pendingCount() {
        return pending.size();
    }

    private static TrackSnapshot snapshot(TrackView t, boolean withTimeline) {
        return new TrackSnapshot(
                t.trackId(),
                t.box(),
                t.label(),
                t.confidence(),
                t.ended(),
                t.startedSequence(),
                t.lastSequence(),
                withTimeline ? t.timeline() : List.of(),
                t.summary());
    }
}
