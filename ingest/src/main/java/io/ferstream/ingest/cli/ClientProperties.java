package io.ferstream.ingest.cli;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * Kafka client / registry properties passed through from a properties file and repeated
 * {@code k=v} options (options win). Secrets are masked whenever the map is shown.
 */
public final class ClientProperties {

  private ClientProperties() {}

  public static Map<String, String> merge(Path file, List<String> pairs) {
    Map<String, String> out = new LinkedHashMap<>();
    if (file != null) {
      Properties props = new Properties();
      try (Reader reader = Files.newBufferedReader(file)) {
        props.load(reader);
      } catch (IOException e) {
        throw new IllegalArgumentException("cannot read the properties file " + file + ": " + e.getMessage());
      }
      props.stringPropertyNames().forEach(k -> out.put(k, props.getProperty(k)));
    }
    if (pairs != null) {
      for (String pair : pairs) {
        int eq = pair.indexOf('=');
        if (eq <= 0) {
          throw new IllegalArgumentException("property '" + maskedPair(pair) + "' must look like key=value");
        }
        out.put(pair.substring(0, eq).trim(), pair.substring(eq + 1));
      }
    }
    return out;
  }

  /** Whether a property holds a secret (passwords, JAAS configs, tokens, registry user info, keys). */
  public static boolean isSecret(String key) {
    String k = key.toLowerCase(Locale.ROOT);
    return k.contains("password") || k.contains("secret") || k.contains("jaas") || k.contains("token")
        || k.contains("credentials") || k.contains("user.info") || k.endsWith(".key") || k.contains("keystore.key");
  }

  /** The map for display: sorted, secrets as {@code [hidden]}. */
  public static Map<String, String> masked(Map<String, ?> props) {
    Map<String, String> shown = new TreeMap<>();
    props.forEach((k, v) -> shown.put(k, isSecret(k) ? "[hidden]" : String.valueOf(v)));
    return shown;
  }

  private static String maskedPair(String pair) {
    return pair.length() > 40 ? pair.substring(0, 40) + "..." : pair;
  }
}
