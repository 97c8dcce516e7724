package io.ferstream.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Collects what is wrong with a configuration, so that all of it is reported at once: each problem
 * names the key or option to fix and says what to set. One problem per key, the first found: it is
 * the most precise (a value that does not parse is not also reported as missing). Not thread-safe.
 */
public final class Problems {

    private final Map<String, String> problems = new LinkedHashMap<>();

    /** Records a problem of {@code key}; {@code message} says what is wrong and what to set. */
    public void add(String key, String message) {
        problems.putIfAbsent(key, key + ": " + message);
    }

    /** Records problems written as "key: message" (a {@link ConfigException}'s). */
    private void addAll(List<String> written) {
        for (String problem : written) {
            int colon = problem.indexOf(": ");
            problems.putIfAbsent(colon > 0 ? problem.substring(0, colon) : problem, problem);
        }
    }

    /** Records a problem unless {@code ok}. */
    public void require(boolean ok, String key, String message) {
        if (!ok) {
            add(key, message);
        }
    }

    /** Records {@code text} unless it is blank: "required: {@code what}". */
    public void requireText(String text, String key, String what) {
        require(text != null && !text.isBlank(), key, "required: " + what);
    }

    /**
     * Runs {@code build}, which validates what it builds: the problems of a {@link ConfigException}
     * it throws join these, another {@link IllegalArgumentException} becomes a problem of {@code
     * key}, and null is returned.
     */
    public <T> T collect(String key, Supplier<T> build) {
        try {
            return build.get();
        } catch (ConfigException e) {
            addAll(e.problems());
        } catch (IllegalArgumentException e) {
            add(key, e.getMessage());
        }
        return null;
    }

    public boolean isEmpty() {
        return problems.isEmpty();
    }

    /**
     * Throws a {@link ConfigException} with every problem of {@code what} ("frame gate settings"),
     * if any.
     */
    public void throwIfAny(String what) {
        if (!problems.isEmpty()) {
            throw new ConfigException(what, new ArrayList<>(problems.values()));
        }
    }
}
