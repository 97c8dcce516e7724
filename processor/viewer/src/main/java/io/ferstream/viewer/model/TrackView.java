package io.ferstream.viewer.model;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the viewer shows of one track: its latest box, smoothed label and confidence, a timeline of
 * its smoothed probabilities (one point per event, at most {@code maxPoints}, oldest dropped), and
 * on TRACK_ENDED the summary. Not thread-safe: its {@link CameraBoard} guards it.
 */
public final class TrackView {

    /** One point of the timeline: event time and the smoothed probability of each label. */
    public record TimelinePoint(long eventTimeMs, String type, Map<String, Double> probabilities) {}

    /** The TRACK_ENDED summary. */
    public record Summary(
            long durationMillis,
            int observations,
            String dominantExpression,
            Map<String, Double> expressionShare) {}

    private final long trackId;
    private final int maxPoints;
    private final Deque<TimelinePoint> timeline = new ArrayDeque<>();
    private NormalizedBox box;
    private String label;
    private double confidence;
    private long startedSequence;
    private long lastSequence;
    private boolean ended;
    private Summary summary;

    TrackView(long trackId, int maxPoints, long startedSequence) {
        this.trackId = trackId;
        this.maxPoints = maxPoints;
        this.startedSequence = startedSequence;
    }

    void apply(EventView event) {
        box = event.box();
        label = event.expression();
        confidence = event.confidence();
        lastSequence = Math.max(lastSequence, event.frameSequence());
        startedSequence = Math.min(startedSequence, event.frameSequence());
        if (timeline.size() == maxPoints) {
            timeline.removeFirst();
        }
        timeline.addLast(
                new TimelinePoint(
                        event.eventTimeMs(),
                        event.type(),
                        new LinkedHashMap<>(event.probabilities())));
        if (event.isEnd()) {
            ended = true;
            summary = event.summary();
        }
    }

    public long trackId() {
        return trackId;
    }

    public NormalizedBox box() {
        return box;
    }

    public String label() {
        return label;
    }

    public double confidence() {
        return confidence;
    }

    public boolean ended() {
        return ended;
    }

    public Summary summary() {
        return summary;
    }

    public long startedSequence() {
        return startedSequence;
    }

    public long lastSequence() {
        return lastSequence;
    }

    public List<TimelinePoint> timeline() {
        return new ArrayList<>(timeline);
    }
}
