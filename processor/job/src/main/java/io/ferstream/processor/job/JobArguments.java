package io.ferstream.processor.job;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * Turns {@code --config job.properties} and {@code --key value} (or {@code --key=value}) arguments
 * into the flat key map of {@link io.ferstream.processor.config.JobConfig}. Arguments override the
 * file, so one file can serve several jobs.
 */
public final class JobArguments {

  private JobArguments() {}

  public static Map<String, String> parse(String... args) throws IOException {
    Map<String, String> fromArgs = new TreeMap<>();
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (!arg.startsWith("--") || arg.length() == 2) {
        throw new IllegalArgumentException("expected --key value or --key=value, got '" + arg + "'");
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
    Map<String, String> merged = new TreeMap<>();
    String file = fromArgs.remove("config");
    if (file != null) {
      Properties props = new Properties();
      try (Reader reader = Files.newBufferedReader(Path.of(file))) {
        props.load(reader);
      }
      props.forEach((k, v) -> merged.put(k.toString().trim(), v.toString().trim()));
    }
    merged.putAll(fromArgs);
    return merged;
  }
}
