package io.ferstream.config;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Which settings hold secrets, and how to show settings without them: secrets print as {@code
 * [hidden]}.
 */
public final class Secrets {

    public static final String HIDDEN = "[hidden]";

    private Secrets() {}

    /**
     * Whether a key holds a secret: passwords, JAAS configs, tokens, credentials, registry user
     * info, keys.
     */
    public static boolean isSecret(String key) {
        String k = key.toLowerCase(Locale.ROOT);
        return k.contains("password")
                || k.contains("secret")
                || k.contains("jaas")
                || k.contains("token")
                || k.contains("credentials")
                || k.contains("user.info")
                || k.endsWith(".key");
    }

    /** The map for display: sorted, secrets as {@value #HIDDEN}. */
    public static Map<String, String> masked(Map<String, ?> settings) {
        Map<String, String> shown = new TreeMap<>();
        settings.forEach((k, v) -> shown.put(k, isSecret(k) ? HIDDEN : String.valueOf(v)));
        return shown;
    }

    /**
     * An argument for an error message: {@code key=value} with the value hidden when the key is a
     * secret's; an argument without a key is not shown at all, since it may be a secret itself.
     */
    static String maskedArgument(String argument) {
        int eq = argument.indexOf('=');
        if (eq <= 0) {
            return "(" + argument.length() + " characters, not shown)";
        }
        return isSecret(argument.substring(0, eq))
                ? argument.substring(0, eq + 1) + HIDDEN
                : argument;
    }
}
