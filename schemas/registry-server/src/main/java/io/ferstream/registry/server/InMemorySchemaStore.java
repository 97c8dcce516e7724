package io.ferstream.registry.server;

import java.util.ArrayList;
import java.util.List;

/** A store that lives as long as the process: for unit tests and throw-away registries. */
public final class InMemorySchemaStore implements SchemaStore {

    private final List<StoreRecord> records = new ArrayList<>();

    @Override
    public synchronized List<StoreRecord> readAll() {
        return List.copyOf(records);
    }

    @Override
    public synchronized void append(StoreRecord record) {
        records.add(record);
    }

    @Override
    public void close() {}
}
