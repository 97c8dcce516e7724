package io.ferstream.registry.server;

import java.util.List;

/** Durable log of the registry's changes. Implementations: in memory (tests) and Kafka. */
public interface SchemaStore extends AutoCloseable {

    /** Every record stored so far, in order. Called once, on start. */
    List<StoreRecord> readAll();

    /** Stores one record durably before the registry applies it; throws if it could not. */
    void append(StoreRecord record);

    @Override
    void close();
}
