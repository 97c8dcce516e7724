package io.ferstream.registry.server;

import java.util.Locale;
import org.apache.avro.SchemaValidator;
import org.apache.avro.SchemaValidatorBuilder;

/** Confluent's compatibility levels, checked with Avro's own {@link SchemaValidatorBuilder}. */
public enum CompatibilityLevel {
    NONE,
    BACKWARD,
    BACKWARD_TRANSITIVE,
    FORWARD,
    FORWARD_TRANSITIVE,
    FULL,
    FULL_TRANSITIVE;

    /**
     * The validator for a new schema against the existing versions. Avro checks "latest" against
     * the first schema of the iterable, so pass versions newest first. Null for NONE.
     */
    SchemaValidator validator() {
        SchemaValidatorBuilder builder = new SchemaValidatorBuilder();
        return switch (this) {
            case NONE -> null;
            case BACKWARD -> builder.canReadStrategy().validateLatest();
            case BACKWARD_TRANSITIVE -> builder.canReadStrategy().validateAll();
            case FORWARD -> builder.canBeReadStrategy().validateLatest();
            case FORWARD_TRANSITIVE -> builder.canBeReadStrategy().validateAll();
            case FULL -> builder.mutualReadStrategy().validateLatest();
            case FULL_TRANSITIVE -> builder.mutualReadStrategy().validateAll();
        };
    }

    boolean transitive() {
        return name().endsWith("_TRANSITIVE");
    }

    /** Parses a level name, case-insensitively; 42203 if unknown. */
    static CompatibilityLevel parse(String name) {
        if (name != null) {
            try {
                return valueOf(name.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException ignored) {
                // falls through to the registry error
            }
        }
        throw new RegistryError(
                422,
                42203,
                "Invalid compatibility level "
                        + name
                        + "; use one of "
                        + java.util.Arrays.toString(values()));
    }
}
