package io.ferstream.viewer.model;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/** The last {@code capacity} items, newest last. Thread-safe. */
public final class RecentEvents<T> {

    private final int capacity;
    private final Deque<T> items = new ArrayDeque<>();

    public RecentEvents(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be >= 1, was " + capacity);
        }
        this.capacity = capacity;
    }

    public synchronized void add(T item) {
        if (items.size() == capacity) {
            items.removeFirst();
        }
        items.addLast(item);
    }

    /** Oldest first. */
    public synchronized List<T> snapshot() {
        return new ArrayList<>(items);
    }

    public synchronized int size() {
        return items.size();
    }
}
