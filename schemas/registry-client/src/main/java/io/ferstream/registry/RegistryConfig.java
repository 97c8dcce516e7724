package io.ferstream.registry;

import java.io.Serializable;
import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.common.config.types.Password;

/**
 * How to reach the schema registry: immutable, validated once, {@link Serializable} so that Flink
 * can ship it to its tasks. Built with {@link #of(String)} and the {@code with*} methods, or from
 * Confluent's property names with {@link #fromProperties(Map)}.
 *
 * @param urls one or more registry base URLs, tried in order when one is unreachable
 * @param basicAuthUserInfo {@code user:password} for HTTP basic auth, or null; prints as [hidden]
 * @param tls TLS settings for https registries (never null; empty means the JVM default)
 * @param autoRegister register unknown schemas on first use (true) or only look them up (false,
 *     the right choice in production where schemas are registered by a release step)
 * @param connectTimeout TCP connect timeout per attempt
 * @param requestTimeout timeout of one HTTP request
 * @param maxRetries retries after the first attempt on connection errors and 5xx (never on 4xx)
 * @param initialBackoff wait before the first retry; doubles per retry up to {@code maxBackoff}
 * @param maxBackoff upper bound of the wait between retries
 */
public record RegistryConfig(
    List<String> urls,
    String basicAuthUserInfo,
    TlsSettings tls,
    boolean autoRegister,
    Duration connectTimeout,
    Duration requestTimeout,
    int maxRetries,
    Duration initialBackoff,
    Duration maxBackoff)
    implements Serializable {

  private static final long serialVersionUID = 1L;

  /** Confluent's property names, as understood by {@link #fromProperties(Map)}. */
  public static final String URL = "schema.registry.url";
  public static final String BASIC_AUTH_SOURCE = "basic.auth.credentials.source";
  public static final String BASIC_AUTH_USER_INFO = "basic.auth.user.info";
  public static final String AUTO_REGISTER = "auto.register.schemas";
  public static final String SSL_PREFIX = "schema.registry.ssl.";
  /** FerStream's own tuning properties (Confluent has no common names for these). */
  public static final String CONNECT_TIMEOUT_MS = "ferstream.registry.connect.timeout.ms";
  public static final String REQUEST_TIMEOUT_MS = "ferstream.registry.request.timeout.ms";
  public static final String MAX_RETRIES = "ferstream.registry.max.retries";
  public static final String RETRY_BACKOFF_MS = "ferstream.registry.retry.backoff.ms";
  public static final String RETRY_BACKOFF_MAX_MS = "ferstream.registry.retry.backoff.max.ms";

  public RegistryConfig {
    Objects.requireNonNull(urls, "urls");
    if (urls.isEmpty()) {
      throw new IllegalArgumentException("Set " + URL + " to the schema registry, e.g. http://localhost:8081");
    }
    urls = List.copyOf(urls.stream().map(RegistryConfig::validUrl).toList());
    if (basicAuthUserInfo != null && !basicAuthUserInfo.contains(":")) {
      throw new IllegalArgumentException(BASIC_AUTH_USER_INFO + " must be 'user:password'");
    }
    tls = tls == null ? new TlsSettings(null, null, null, null, null, null, null) : tls;
    requirePositive(connectTimeout, CONNECT_TIMEOUT_MS);
    requirePositive(requestTimeout, REQUEST_TIMEOUT_MS);
    requirePositive(initialBackoff, RETRY_BACKOFF_MS);
    requirePositive(maxBackoff, RETRY_BACKOFF_MAX_MS);
    if (maxRetries < 0) {
      throw new IllegalArgumentException(MAX_RETRIES + " must be >= 0, was " + maxRetries);
    }
  }

  /** A registry at {@code url} (comma-separated for several) with the defaults: auto-register on, 3 retries. */
  public static RegistryConfig of(String url) {
    return new RegistryConfig(splitUrls(url), null, null, true, Duration.ofSeconds(5),
        Duration.ofSeconds(15), 3, Duration.ofMillis(200), Duration.ofSeconds(5));
  }

  /**
   * Reads Confluent's serializer properties: {@code schema.registry.url},
   * {@code basic.auth.credentials.source} (USER_INFO or URL) with {@code basic.auth.user.info},
   * {@code schema.registry.ssl.truststore.location|password|type},
   * {@code schema.registry.ssl.keystore.location|password|type}, {@code schema.registry.ssl.key.password},
   * {@code auto.register.schemas}, plus the {@code ferstream.registry.*} tuning properties.
   */
  public static RegistryConfig fromProperties(Map<String, ?> props) {
    String url = string(props, URL);
    if (url == null || url.isBlank()) {
      throw new IllegalArgumentException("Set " + URL + " to the schema registry, e.g. http://localhost:8081");
    }
    List<String> urls = splitUrls(url);
    String source = string(props, BASIC_AUTH_SOURCE);
    String userInfo = null;
    if (source == null || source.equalsIgnoreCase("USER_INFO")) {
      userInfo = string(props, BASIC_AUTH_USER_INFO);
    } else if (source.equalsIgnoreCase("URL")) {
      userInfo = URI.create(urls.get(0)).getUserInfo();
    } else {
      throw new IllegalArgumentException(BASIC_AUTH_SOURCE + " must be USER_INFO or URL, was " + source);
    }
    if (userInfo != null && userInfo.isEmpty()) {
      userInfo = null;
    }
    TlsSettings tls = new TlsSettings(
        string(props, SSL_PREFIX + "truststore.location"), string(props, SSL_PREFIX + "truststore.password"),
        string(props, SSL_PREFIX + "truststore.type"), string(props, SSL_PREFIX + "keystore.location"),
        string(props, SSL_PREFIX + "keystore.password"), string(props, SSL_PREFIX + "keystore.type"),
        string(props, SSL_PREFIX + "key.password"));
    RegistryConfig defaults = of(url);
    return new RegistryConfig(urls, userInfo, tls,
        bool(props, AUTO_REGISTER, defaults.autoRegister),
        millis(props, CONNECT_TIMEOUT_MS, defaults.connectTimeout),
        millis(props, REQUEST_TIMEOUT_MS, defaults.requestTimeout),
        (int) number(props, MAX_RETRIES, defaults.maxRetries),
        millis(props, RETRY_BACKOFF_MS, defaults.initialBackoff),
        millis(props, RETRY_BACKOFF_MAX_MS, defaults.maxBackoff));
  }

  public RegistryConfig withAutoRegister(boolean enabled) {
    return new RegistryConfig(urls, basicAuthUserInfo, tls, enabled, connectTimeout, requestTimeout,
        maxRetries, initialBackoff, maxBackoff);
  }

  public RegistryConfig withBasicAuth(String userInfo) {
    return new RegistryConfig(urls, userInfo, tls, autoRegister, connectTimeout, requestTimeout,
        maxRetries, initialBackoff, maxBackoff);
  }

  public RegistryConfig withTls(TlsSettings settings) {
    return new RegistryConfig(urls, basicAuthUserInfo, settings, autoRegister, connectTimeout,
        requestTimeout, maxRetries, initialBackoff, maxBackoff);
  }

  public RegistryConfig withTimeouts(Duration connect, Duration request) {
    return new RegistryConfig(urls, basicAuthUserInfo, tls, autoRegister, connect, request,
        maxRetries, initialBackoff, maxBackoff);
  }

  public RegistryConfig withRetries(int retries, Duration initial, Duration max) {
    return new RegistryConfig(urls, basicAuthUserInfo, tls, autoRegister, connectTimeout,
        requestTimeout, retries, initial, max);
  }

  /** Wait before retry number {@code retry} (1-based): initial * 2^(retry-1), capped. */
  public Duration backoff(int retry) {
    long millis = initialBackoff.toMillis() << Math.min(retry - 1, 20);
    return Duration.ofMillis(Math.min(millis, maxBackoff.toMillis()));
  }

  @Override
  public String toString() {
    return "RegistryConfig[urls=" + urls + ", basicAuth=" + (basicAuthUserInfo == null ? "none" : "[hidden]")
        + ", tls=" + tls + ", autoRegister=" + autoRegister + ", connectTimeout=" + connectTimeout
        + ", requestTimeout=" + requestTimeout + ", maxRetries=" + maxRetries + ", backoff="
        + initialBackoff + ".." + maxBackoff + "]";
  }

  private static List<String> splitUrls(String url) {
    return Arrays.stream(url.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
  }

  private static String validUrl(String url) {
    URI uri;
    try {
      uri = URI.create(url);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(URL + ": not a URL: " + url, e);
    }
    if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
      throw new IllegalArgumentException(URL + " must be http(s)://host:port, was " + withoutUserInfo(uri));
    }
    // Credentials in a URL were read by fromProperties (basic.auth.credentials.source=URL);
    // they must not travel in the URL or show up where URLs are printed.
    String clean = withoutUserInfo(uri);
    return clean.endsWith("/") ? clean.substring(0, clean.length() - 1) : clean;
  }

  /** A URL as safe to print: without user info (credentials). */
  static String withoutUserInfo(URI uri) {
    return uri.getUserInfo() == null ? uri.toString() : uri.toString().replace(uri.getRawUserInfo() + "@", "");
  }

  private static void requirePositive(Duration d, String name) {
    if (d == null || d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + " must be positive, was " + d);
    }
  }

  private static String string(Map<String, ?> props, String key) {
    Object value = props.get(key);
    if (value == null) {
      return null;
    }
    return value instanceof Password p ? p.value() : value.toString();
  }

  private static boolean bool(Map<String, ?> props, String key, boolean fallback) {
    String value = string(props, key);
    if (value == null) {
      return fallback;
    }
    if (!value.equalsIgnoreCase("true") && !value.equalsIgnoreCase("false")) {
      throw new IllegalArgumentException(key + " must be true or false, was " + value);
    }
    return Boolean.parseBoolean(value);
  }

  private static long number(Map<String, ?> props, String key, long fallback) {
    String value = string(props, key);
    if (value == null) {
      return fallback;
    }
    try {
      return Long.parseLong(value.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(key + " must be a number, was " + value, e);
    }
  }

  private static Duration millis(Map<String, ?> props, String key, Duration fallback) {
    return Duration.ofMillis(number(props, key, fallback.toMillis()));
  }
}
