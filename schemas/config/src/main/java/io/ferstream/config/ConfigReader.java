package io.ferstream.config;

import java.util.Map;
import java.util.TreeMap;

/**
 * Reads typed values out of raw key-value pairs against a {@link ConfigSpec}, collecting every
 * problem instead of stopping at the first: a bad value is reported and its default used, so the
 * rest is still checked. {@link #throwIfProblems} ends the reading. Not thread-safe; one per read.
 */
public final class ConfigReader {

    private final ConfigSpec spec;
    private final Map<String, String> raw;
    private final Problems problems = new Problems();

    ConfigReader(ConfigSpec spec, Map<String, String> raw) {
        this.spec = spec;
        this.raw = Map.copyOf(raw);
    }

    /**
     * The value of {@code setting}: as set, else its default; a bad or missing required value is
     * recorded.
     */
    public <T> T get(Setting<T> setting) {
        if (!spec.declares(setting)) {
            throw new IllegalStateException(
                    setting.key() + " is read but not declared in the spec");
        }
        String text = raw.get(setting.key());
        if (text == null || text.isBlank()) {
            if (setting.isRequired()) {
                problem(setting.key(), "required: " + setting.description());
            }
            return setting.defaultValue();
        }
        try {
            return setting.parse(text);
        } catch (IllegalArgumentException e) {
            problem(setting.key(), e.getMessage());
            return setting.defaultValue();
        }
    }

    /** Whether {@code setting} was given (not blank). */
    public boolean isSet(Setting<?> setting) {
        String text = raw.get(setting.key());
        return text != null && !text.isBlank();
    }

    /** The pairs whose key starts with {@code prefix}, with the prefix removed, sorted. */
    public Map<String, String> withPrefix(String prefix) {
        Map<String, String> found = new TreeMap<>();
        raw.forEach(
                (k, v) -> {
                    if (k.startsWith(prefix)) {
                        found.put(k.substring(prefix.length()), v);
                    }
                });
        return found;
    }

    /** Records a problem of {@code key}; {@code message} says what is wrong and what to set. */
    public void problem(String key, String message) {
        problems.add(key, message);
    }

    /** Records a problem unless {@code ok}. */
    public void require(boolean ok, String key, String message) {
        problems.require(ok, key, message);
    }

    public boolean hasProblems() {
        return !problems.isEmpty();
    }

    /**
     * Ends the reading: throws with every recorded problem, if any, of {@code what} ("FerStream job
     * configuration").
     */
    public void throwIfProblems(String what) {
        problems.throwIfAny(what);
    }
}
