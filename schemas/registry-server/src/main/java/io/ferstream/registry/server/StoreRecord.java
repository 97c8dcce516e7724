package io.ferstream.registry.server;

/**
 * What the registry persists: one record per registered schema version and per configuration
 * change. Replayed in order on start, they rebuild the registry's state.
 */
public sealed interface StoreRecord {

    /** A schema registered under a subject: its version there and its global id. */
    record SchemaVersion(String subject, int version, int id, String schema)
            implements StoreRecord {}

    /** A compatibility level set globally ({@code subject == null}) or for one subject. */
    record ConfigChange(String subject, CompatibilityLevel level) implements StoreRecord {}
}
