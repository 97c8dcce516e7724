package io.ferstream.viewer.model;

import java.util.Map;
import java.util.TreeMap;

/**
 * Dead letters counted by reason code. Reason codes are an Avro enum (a reader sees UNKNOWN for a
 * code newer than itself), so the map has at most as many keys as the enum has symbols.
 * Thread-safe.
 */
public final class DeadLetterCounts {

    private final Map<String, Long> byReason = new TreeMap<>();
    private long total;
    private long lastAtMs;
    private long version;

    public synchronized void count(String reason, long atMs) {
        byReason.merge(reason, 1L, Long::sum);
        total++;
        lastAtMs = Math.max(lastAtMs, atMs);
        version++;
    }

    public synchronized Map<String, Long> byReason() {
        return new TreeMap<>(byReason);
    }

    public synchronized long total() {
        return total;
    }

    /** Rejection time of the latest dead letter, 0 before any. */
    public synchronized long lastAtMs() {
        return lastAtMs;
    }

    /** Grows with every dead letter: the page is sent the counts when they moved. */
    public synchronized long version() {
        return version;
    }
}
