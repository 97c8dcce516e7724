package io.ferstream.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * Where raw settings come from: a properties file, then {@code key=value} pairs or {@code --key
 * value} arguments on top (the later source wins, so one file can serve several deployments).
 */
public final class KeyValues {

    private KeyValues() {}

    /**
     * The job's arguments: {@code --config job.properties} plus {@code --key value} or {@code
     * --key=value}; arguments override the file.
     */
    public static Map<String, String> fromArguments(String... args) {
        Map<String, String> fromArgs = new TreeMap<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--") || arg.length() == 2) {
                throw new IllegalArgumentException(
                        "expected --key value or --key=value, got " + Secrets.maskedArgument(arg));
            }
            String key = arg.substring(2);
            String value;
            int eq = key.indexOf('=');
            if (eq >= 0) {
                value = key.substring(eq + 1);
                key = key.substring(0, eq);
            } else if (i + 1 < args.length && !args[i + 1].startsWith("--")) {
                value = args[++i];
            } else {
                throw new IllegalArgumentException("--" + key + " needs a value");
            }
            fromArgs.put(key, value);
        }
        String file = fromArgs.remove("config");
        Map<String, String> merged =
                new TreeMap<>(file == null ? Map.of() : fromFile(Path.of(file)));
        merged.putAll(fromArgs);
        return merged;
    }

    /** A properties file, then {@code key=value} pairs on top (pairs win); either may be null. */
    public static Map<String, String> merge(Path file, List<String> pairs) {
        Map<String, String> out = new TreeMap<>(file == null ? Map.of() : fromFile(file));
        if (pairs != null) {
            for (String pair : pairs) {
                int eq = pair.indexOf('=');
                if (eq <= 0) {
                    throw new IllegalArgumentException(
                            "a property must look like key=value, got "
                                    + Secrets.maskedArgument(pair));
                }
                out.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
            }
        }
        return out;
    }

    /** The pairs of a properties file, keys and values trimmed. */
    public static Map<String, String> fromFile(Path file) {
        Properties props = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            props.load(reader);
        } catch (IOException e) {
            throw new IllegalArgumentException(
                    "cannot read the properties file " + file + ": " + e.getMessage(), e);
        }
        Map<String, String> out = new TreeMap<>();
        props.stringPropertyNames().forEach(k -> out.put(k.trim(), props.getProperty(k).trim()));
        return out;
    }
}
