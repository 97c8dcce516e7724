package io.ferstream.viewer.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The latest minute summaries of one camera, for its chart: one per minute (a summary read again,
 * after a viewer restart or a replay, replaces the one it repeats), the newest {@code capacity}
 * minutes kept. Thread-safe.
 */
public final class MinuteSummaries {

    /** One minute of a camera, as the page charts it. */
    public record Minute(
            long windowStartMs,
            int facesSeen,
            int tracksStarted,
            Map<String, Long> trackMillis,
            String dominantExpression) {
        public Minute {
            trackMillis = Map.copyOf(trackMillis);
        }
    }

    private final int capacity;
    private final TreeMap<Long, Minute> minutes = new TreeMap<>();

    public MinuteSummaries(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1: " + capacity);
        }
        this.capacity = capacity;
    }

    /** Keeps {@code minute} unless it is older than every kept one and there is no room. */
    public synchronized boolean offer(Minute minute) {
        if (minutes.size() >= capacity
                && !minutes.containsKey(minute.windowStartMs())
                && minute.windowStartMs() < minutes.firstKey()) {
            return false;
        }
        minutes.put(minute.windowStartMs(), minute);
        while (minutes.size() > capacity) {
            minutes.pollFirstEntry();
        }
        return true;
    }

    /** The kept minutes, oldest first. */
    public synchronized List<Minute> snapshot() {
        return new ArrayList<>(minutes.values());
    }
}
