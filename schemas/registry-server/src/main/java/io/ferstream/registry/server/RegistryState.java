package io.ferstream.registry.server;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;
import org.apache.avro.SchemaValidationException;
import org.apache.avro.SchemaValidator;

/**
 * The registry's data and rules, without HTTP: subjects with their versions, global schema ids,
 * compatibility levels. Every change is written to the {@link SchemaStore} first and applied only
 * once stored, so a failed write changes nothing. Methods are synchronized: writes are serialized
 * and readers never see a half-applied change. Other instances on the same store are caught up with
 * before every write and on every read that misses.
 */
final class RegistryState {

    /**
     * One version of a subject. {@code schema} is the normalized text ({@link Schema#toString()}).
     */
    record Version(String subject, int version, int id, String schema) {}

    private final SchemaStore store;
    private final Map<String, List<Version>> subjects = new TreeMap<>();
    private final Map<Integer, String> schemasById = new HashMap<>();

    /** Normalized schema text to its global id: the same schema in two subjects shares an id. */
    private final Map<String, Integer> idsBySchema = new HashMap<>();

    private final Map<String, CompatibilityLevel> subjectLevels = new HashMap<>();
    private CompatibilityLevel globalLevel = CompatibilityLevel.BACKWARD;
    private int maxId;

    RegistryState(SchemaStore store) {
        this.store = store;
        store.readAll().forEach(this::apply);
    }

    /** Attempts at a write that lost a race with another instance before the caller is told. */
    private static final int WRITE_ATTEMPTS = 10;

    synchronized Version register(String subject, String schemaText) {
        Schema schema = parse(schemaText);
        for (int attempt = 1; ; attempt++) {
            catchUp();
            try {
                return register(subject, schema);
            } catch (StoreConflictException e) {
                backOffAfterConflict(attempt, e);
            }
        }
    }

    /** Registers on what this instance knows now; a conflict in the store changes nothing. */
    private Version register(String subject, Schema schema) {
        String normalized = schema.toString();
        List<Version> versions = subjects.getOrDefault(subject, List.of());
        for (Version existing : versions) {
            if (existing.schema().equals(normalized)) {
                return existing; // idempotent: the same schema keeps its id and version
            }
        }
        if (!isCompatible(schema, versions, level(subject), true)) {
            throw new RegistryError(
                    409,
                    409,
                    "Schema being registered is incompatible with an earlier schema for subject '"
                            + subject
                            + "' under compatibility level "
                            + level(subject));
        }
        int id = idsBySchema.getOrDefault(normalized, maxId + 1);
        int version = versions.isEmpty() ? 1 : versions.get(versions.size() - 1).version() + 1;
        StoreRecord.SchemaVersion record =
                new StoreRecord.SchemaVersion(subject, version, id, normalized);
        store(record);
        apply(record);
        return new Version(subject, version, id, normalized);
    }

    synchronized Version lookup(String subject, String schemaText) {
        catchUpUnless(subjects.containsKey(subject));
        List<Version> versions = existingSubject(subject);
        String normalized = parse(schemaText).toString();
        return versions.stream()
                .filter(v -> v.schema().equals(normalized))
                .findFirst()
                .orElseThrow(
                        () ->
                                RegistryError.schemaNotFound(
                                        "not registered under subject '" + subject + "'"));
    }

    synchronized String schemaById(int id) {
        catchUpUnless(schemasById.containsKey(id));
        String schema = schemasById.get(id);
        if (schema == null) {
            throw RegistryError.schemaNotFound("id " + id);
        }
        return schema;
    }

    synchronized List<String> subjects() {
        catchUp();
        return List.copyOf(subjects.keySet());
    }

    synchronized List<Integer> versions(String subject) {
        catchUp();
        return existingSubject(subject).stream().map(Version::version).toList();
    }

    synchronized Version version(String subject, String version) {
        catchUp();
        List<Version> versions = existingSubject(subject);
        if (isLatest(version)) {
            return versions.get(versions.size() - 1);
        }
        int number = parseVersion(version);
        return versions.stream()
                .filter(v -> v.version() == number)
                .findFirst()
                .orElseThrow(() -> RegistryError.versionNotFound(subject, number));
    }

    /** Whether {@code schemaText} may follow the given version under the subject's level. */
    synchronized boolean isCompatible(String subject, String version, String schemaText) {
        catchUp();
        Schema schema = parse(schemaText);
        List<Version> versions = existingSubject(subject);
        CompatibilityLevel level = level(subject);
        if (isLatest(version)) {
            return isCompatible(schema, versions, level, true);
        }
        return isCompatible(schema, List.of(version(subject, version)), level, false);
    }

    synchronized CompatibilityLevel globalLevel() {
        return globalLevel;
    }

    synchronized Optional<CompatibilityLevel> subjectLevel(String subject) {
        return Optional.ofNullable(subjectLevels.get(subject));
    }

    synchronized void setLevel(String subject, CompatibilityLevel level) {
        StoreRecord.ConfigChange record = new StoreRecord.ConfigChange(subject, level);
        for (int attempt = 1; ; attempt++) {
            catchUp();
            try {
                store(record);
                apply(record);
                return;
            } catch (StoreConflictException e) {
                backOffAfterConflict(attempt, e);
            }
        }
    }

    /**
     * Waits a random while, longer with each attempt, before trying a write again: two instances
     * retrying in step would fence each other's writes forever.
     */
    private static void backOffAfterConflict(int attempt, StoreConflictException e) {
        if (attempt >= WRITE_ATTEMPTS) {
            throw new RegistryError(
                    500, 50001, "Error while storing the change: " + e.getMessage(), e);
        }
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(10, 50L * attempt + 11));
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new RegistryError(503, 50003, "Interrupted while storing the change", e);
        }
    }

    /**
     * Applies what other instances on the same store wrote since this one last looked. Reads do it
     * only on a miss (what they look for may have been registered elsewhere), writes always.
     */
    private void catchUp() {
        try {
            store.poll().forEach(this::apply);
        } catch (RuntimeException e) {
            throw new RegistryError(
                    500, 50001, "Error while reading the store: " + e.getMessage(), e);
        }
    }

    private void catchUpUnless(boolean known) {
        if (!known) {
            catchUp();
        }
    }

    private CompatibilityLevel level(String subject) {
        return subjectLevels.getOrDefault(subject, globalLevel);
    }

    /**
     * Checks {@code schema} against {@code versions} (oldest first). Transitive levels check all of
     * them when {@code allowTransitive}, others only the newest.
     */
    private static boolean isCompatible(
            Schema schema,
            List<Version> versions,
            CompatibilityLevel level,
            boolean allowTransitive) {
        SchemaValidator validator = level.validator();
        if (validator == null || versions.isEmpty()) {
            return true;
        }
        List<Schema> newestFirst = new ArrayList<>();
        for (int i = versions.size() - 1; i >= 0; i--) {
            newestFirst.add(new Schema.Parser().parse(versions.get(i).schema()));
            if (!allowTransitive || !level.transitive()) {
                break;
            }
        }
        try {
            validator.validate(schema, newestFirst);
            return true;
        } catch (SchemaValidationException e) {
            return false;
        }
    }

    private void store(StoreRecord record) {
        try {
            store.append(record);
        } catch (StoreConflictException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new RegistryError(
                    500, 50001, "Error while storing the change: " + e.getMessage(), e);
        }
    }

    private void apply(StoreRecord record) {
        if (record instanceof StoreRecord.SchemaVersion v) {
            List<Version> versions = subjects.computeIfAbsent(v.subject(), s -> new ArrayList<>());
            if (versions.stream().noneMatch(existing -> existing.version() == v.version())) {
                versions.add(new Version(v.subject(), v.version(), v.id(), v.schema()));
            }
            schemasById.putIfAbsent(v.id(), v.schema());
            idsBySchema.putIfAbsent(v.schema(), v.id());
            maxId = Math.max(maxId, v.id());
        } else if (record instanceof StoreRecord.ConfigChange c) {
            if (c.subject() == null) {
                globalLevel = c.level();
            } else {
                subjectLevels.put(c.subject(), c.level());
            }
        }
    }

    private List<Version> existingSubject(String subject) {
        List<Version> versions = subjects.get(subject);
        if (versions == null || versions.isEmpty()) {
            throw RegistryError.subjectNotFound(subject);
        }
        return versions;
    }

    private static boolean isLatest(String version) {
        return "latest".equals(version) || "-1".equals(version);
    }

    private static int parseVersion(String version) {
        try {
            int number = Integer.parseInt(version);
            if (number >= 1) {
                return number;
            }
        } catch (NumberFormatException ignored) {
            // falls through to the registry error
        }
        throw new RegistryError(
                422,
                42202,
                "The specified version '"
                        + version
                        + "' is not a valid version id. Allowed values are between [1, 2^31-1] and"
                        + " the string \"latest\"");
    }

    static Schema parse(String schemaText) {
        if (schemaText == null || schemaText.isBlank()) {
            throw new RegistryError(422, 42201, "Invalid schema: the request has no \"schema\"");
        }
        try {
            return new Schema.Parser().parse(schemaText);
        } catch (SchemaParseException | org.apache.avro.AvroTypeException e) {
            throw new RegistryError(422, 42201, "Invalid schema: " + e.getMessage());
        } catch (RuntimeException e) {
            throw new RegistryError(422, 42201, "Invalid schema: " + e);
        }
    }
}
