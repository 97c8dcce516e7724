package io.ferstream.config;

import java.util.List;

/**
 * Configuration that cannot be used, with every problem found (not only the first), each naming the
 * key or option to fix and what to set. An {@link IllegalArgumentException}, so command lines that
 * report bad arguments report it too.
 */
public final class ConfigException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final List<String> problems;

    public ConfigException(String what, List<String> problems) {
        super(message(what, problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }

    private static String message(String what, List<String> problems) {
        return "invalid "
                + what
                + " ("
                + problems.size()
                + (problems.size() == 1 ? " problem" : " problems")
                + "):\n  - "
                + String.join("\n  - ", problems);
    }
}
