package io.ferstream.registry.server;

import java.util.List;

/**
 * Durable log of the registry's changes. Implementations: in memory (tests) and Kafka, where
 * several registry instances may share one log.
 */
public interface SchemaStore extends AutoCloseable {

    /** Every record stored so far, in order. Called once, on start. */
    List<StoreRecord> readAll();

    /**
     * The records stored since the last {@link #readAll} or {@code poll}, by any writer (another
     * registry instance on the same log, or this one), in order. A store with one writer may return
     * none: its records were applied as they were appended.
     */
    default List<StoreRecord> poll() {
        return List.of();
    }

    /**
     * Stores one record durably before the registry applies it; throws if it could not.
     *
     * @throws StoreConflictException another writer stored records this store has not returned yet:
     *     the decision behind {@code record} may rest on stale data, so nothing was stored; {@link
     *     #poll} and decide again
     */
    void append(StoreRecord record);

    @Override
    void close();
}
