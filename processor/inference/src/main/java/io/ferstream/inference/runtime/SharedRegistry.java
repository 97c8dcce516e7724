package io.ferstream.inference.runtime;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * Reference-counted sharing of expensive resources by key: the first {@link #acquire} creates the
 * value, later ones share it, and the last {@link Lease#close()} closes it. Used for ONNX sessions
 * (one per model and device) and by the Flink layer for analyzers shared by all task slots of a
 * TaskManager.
 *
 * @param <K> key (a value type)
 * @param <V> the shared resource
 */
public final class SharedRegistry<K, V extends AutoCloseable> {

    private final Map<K, Entry<V>> entries = new HashMap<>();

    private static final class Entry<V> {
        final V value;
        int users;

        Entry(V value) {
            this.value = value;
        }
    }

    /** A handle on a shared value; closing it releases this user's reference (idempotent). */
    public final class Lease implements AutoCloseable {
        private final K key;
        private final V value;
        private boolean released;

        private Lease(K key, V value) {
            this.key = key;
            this.value = value;
        }

        public V get() {
            synchronized (SharedRegistry.this) {
                if (released) {
                    throw new IllegalStateException("Lease on " + key + " was already released");
                }
            }
            return value;
        }

        @Override
        public void close() throws Exception {
            release(this);
        }
    }

    /**
     * Returns a lease on the value for {@code key}, creating it with {@code factory} when nobody
     * holds it. Creation runs under the registry's lock, so two callers never build the same
     * session twice.
     */
    public synchronized Lease acquire(K key, Function<? super K, ? extends V> factory) {
        Objects.requireNonNull(key, "key");
        Entry<V> entry = entries.get(key);
        if (entry == null) {
            entry =
                    new Entry<>(
                            Objects.requireNonNull(factory.apply(key), "factory returned null"));
            entries.put(key, entry);
        }
        entry.users++;
        return new Lease(key, entry.value);
    }

    private void release(Lease lease) throws Exception {
        V toClose = null;
        synchronized (this) {
            if (lease.released) {
                return;
            }
            lease.released = true;
            Entry<V> entry = entries.get(lease.key);
            if (entry != null && --entry.users == 0) {
                entries.remove(lease.key);
                toClose = entry.value;
            }
        }
        if (toClose != null) {
            toClose.close(); // outside the lock: closing a session can take a while
        }
    }

    /** How many users hold the value for {@code key} (0 when none is open). */
    public synchronized int users(K key) {
        Entry<V> entry = entries.get(key);
        return entry == null ? 0 : entry.users;
    }

    public synchronized int size() {
        return entries.size();
    }
}
