package io.ferstream.registry;

import io.ferstream.config.ConfigReader;
import io.ferstream.config.ConfigSpec;
import io.ferstream.config.Setting;
import java.io.Serializable;
import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.apache.kafka.common.config.types.Password;
import org.apache.kafka.common.utils.ExponentialBackoff;

/**
 * How to reach the schema registry: immutable, validated once, {@link Serializable} so that Flink
 * can ship it to its tasks. Built with {@link #of(String)} and the {@code with*} methods, or from
 * Confluent's property names with {@link #fromProperties(Map)}.
 *
 * @param urls one or more registry base URLs, tried in order when one is unreachable
 * @param basicAuthUserInfo {@code user:password} for HTTP basic auth, or null; prints as [hidden]
 * @param tls TLS settings for https registries (never null; empty means the JVM default)
 * @param autoRegister register unknown schemas on first use (true) or only look them up (false, the
 *     right choice in production where schemas are registered by a release step)
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

    private static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(15);
    private static final int DEFAULT_MAX_RETRIES = 3;
    private static final Duration DEFAULT_INITIAL_BACKOFF = Duration.ofMillis(200);
    private static final Duration DEFAULT_MAX_BACKOFF = Duration.ofSeconds(5);

    /**
     * Each wait varies by up to this fraction, so clients that failed together do not retry
     * together.
     */
    private static final double BACKOFF_JITTER = 0.2;

    /** The registry client's settings, under Confluent's names where Confluent has them. */
    public static final Setting<String> URL_SETTING =
            Setting.text(
                            URL,
                            null,
                            "Confluent-compatible schema registry URL(s), comma separated, tried in"
                                    + " order")
                    .required()
                    .shownAs(RegistryConfig::withoutUserInfo);

    public static final Setting<String> BASIC_AUTH_SOURCE_SETTING =
            Setting.text(
                            BASIC_AUTH_SOURCE,
                            "USER_INFO",
                            "where basic-auth credentials come from: USER_INFO ("
                                    + BASIC_AUTH_USER_INFO
                                    + ") or URL (user:password@ in the URL)")
                    .check(
                            v -> v.equalsIgnoreCase("USER_INFO") || v.equalsIgnoreCase("URL"),
                            "be USER_INFO or URL");
    public static final Setting<String> BASIC_AUTH_USER_INFO_SETTING =
            Setting.text(
                            BASIC_AUTH_USER_INFO,
                            null,
                            "user:password for the registry's basic auth; never printed")
                    .check(v -> v.contains(":"), "look like user:password");
    public static final Setting<Boolean> AUTO_REGISTER_SETTING =
            Setting.bool(
                    AUTO_REGISTER,
                    true,
                    "register unknown schemas on first use; false in production, where a release"
                            + " step registers them");
    public static final Setting<String> TRUSTSTORE_LOCATION =
            Setting.text(
                    SSL_PREFIX + "truststore.location",
                    null,
                    "https registries: truststore of the registry's certificate (default: the JVM's"
                            + " trust)");
    public static final Setting<String> TRUSTSTORE_PASSWORD =
            Setting.text(SSL_PREFIX + "truststore.password", null, "its password; never printed");
    public static final Setting<String> TRUSTSTORE_TYPE =
            Setting.text(SSL_PREFIX + "truststore.type", null, "its type (default: the JVM's)");
    public static final Setting<String> KEYSTORE_LOCATION =
            Setting.text(
                    SSL_PREFIX + "keystore.location",
                    null,
                    "https registries: keystore of a client certificate");
    public static final Setting<String> KEYSTORE_PASSWORD =
            Setting.text(SSL_PREFIX + "keystore.password", null, "its password; never printed");
    public static final Setting<String> KEYSTORE_TYPE =
            Setting.text(SSL_PREFIX + "keystore.type", null, "its type (default: the JVM's)");
    public static final Setting<String> KEY_PASSWORD =
            Setting.text(
                    SSL_PREFIX + "key.password",
                    null,
                    "password of the client key (default: the keystore's); never printed");
    public static final Setting<Duration> CONNECT_TIMEOUT =
            Setting.positiveDuration(
                    "ferstream.registry.connect.timeout",
                    DEFAULT_CONNECT_TIMEOUT,
                    "TCP connect timeout per attempt");
    public static final Setting<Duration> REQUEST_TIMEOUT =
            Setting.positiveDuration(
                    "ferstream.registry.request.timeout",
                    DEFAULT_REQUEST_TIMEOUT,
                    "timeout of one HTTP request");
    public static final Setting<Integer> MAX_RETRIES =
            Setting.integerAtLeast(
                    "ferstream.registry.max.retries",
                    DEFAULT_MAX_RETRIES,
                    0,
                    "retries after the first attempt on connection errors and 5xx (never on"
                            + " 4xx)");
    public static final Setting<Duration> RETRY_BACKOFF =
            Setting.positiveDuration(
                    "ferstream.registry.retry.backoff",
                    DEFAULT_INITIAL_BACKOFF,
                    "wait before the first retry; doubles per retry, with 20% jitter");
    public static final Setting<Duration> RETRY_BACKOFF_MAX =
            Setting.positiveDuration(
                    "ferstream.registry.retry.backoff.max",
                    DEFAULT_MAX_BACKOFF,
                    "longest wait between retries");

    public static final List<Setting<?>> SETTINGS =
            List.of(
                    URL_SETTING,
                    BASIC_AUTH_SOURCE_SETTING,
                    BASIC_AUTH_USER_INFO_SETTING,
                    AUTO_REGISTER_SETTING,
                    TRUSTSTORE_LOCATION,
                    TRUSTSTORE_PASSWORD,
                    TRUSTSTORE_TYPE,
                    KEYSTORE_LOCATION,
                    KEYSTORE_PASSWORD,
                    KEYSTORE_TYPE,
                    KEY_PASSWORD,
                    CONNECT_TIMEOUT,
                    REQUEST_TIMEOUT,
                    MAX_RETRIES,
                    RETRY_BACKOFF,
                    RETRY_BACKOFF_MAX);

    /**
     * The registry's settings among other clients' (Kafka client properties): only keys under these
     * prefixes are the registry's, and an unknown one of them is a problem (likely a typo).
     */
    public static final ConfigSpec SPEC =
            ConfigSpec.of(SETTINGS)
                    .owning(
                            "schema.registry.",
                            "basic.auth.",
                            AUTO_REGISTER,
                            "ferstream.registry.");

    public RegistryConfig {
        Objects.requireNonNull(urls, "urls");
        if (urls.isEmpty()) {
            throw new IllegalArgumentException(
                    "Set " + URL + " to the schema registry, e.g. http://localhost:8081");
        }
        urls = List.copyOf(urls.stream().map(RegistryConfig::validUrl).toList());
        if (basicAuthUserInfo != null && !basicAuthUserInfo.contains(":")) {
            throw new IllegalArgumentException(BASIC_AUTH_USER_INFO + " must be 'user:password'");
        }
        tls = tls == null ? new TlsSettings(null, null, null, null, null, null, null) : tls;
        CONNECT_TIMEOUT.requireValid(connectTimeout);
        REQUEST_TIMEOUT.requireValid(requestTimeout);
        MAX_RETRIES.requireValid(maxRetries);
        RETRY_BACKOFF.requireValid(initialBackoff);
        RETRY_BACKOFF_MAX.requireValid(maxBackoff);
    }

    /**
     * A registry at {@code url} (comma-separated for several) with the defaults: auto-register on,
     * 3 retries.
     */
    public static RegistryConfig of(String url) {
        return new RegistryConfig(
                splitUrls(url),
                null,
                null,
                true,
                DEFAULT_CONNECT_TIMEOUT,
                DEFAULT_REQUEST_TIMEOUT,
                DEFAULT_MAX_RETRIES,
                DEFAULT_INITIAL_BACKOFF,
                DEFAULT_MAX_BACKOFF);
    }

    /**
     * Reads the registry's settings ({@link #SETTINGS}: Confluent's serializer properties plus
     * FerStream's {@code ferstream.registry.*} tuning) out of client properties, ignoring the Kafka
     * client settings beside them; every problem is reported at once.
     */
    public static RegistryConfig fromProperties(Map<String, ?> props) {
        Map<String, String> text = new TreeMap<>();
        props.forEach(
                (k, v) -> text.put(k, v instanceof Password p ? p.value() : String.valueOf(v)));
        ConfigReader reader = SPEC.read(text);
        RegistryConfig config = read(reader);
        reader.throwIfProblems("schema registry settings");
        return config;
    }

    /**
     * Whether {@code key} is one of the registry's settings (or under its prefixes), not a Kafka
     * client's.
     */
    public static boolean isRegistrySetting(String key) {
        return SPEC.isChecked(key);
    }

    /**
     * Reads the registry's settings with {@code reader} (whose spec includes {@link #SETTINGS});
     * problems go to the reader.
     */
    public static RegistryConfig read(ConfigReader reader) {
        String url = reader.get(URL_SETTING);
        String source = reader.get(BASIC_AUTH_SOURCE_SETTING);
        String userInfo = reader.get(BASIC_AUTH_USER_INFO_SETTING);
        List<String> urls = url == null ? List.of() : splitUrls(url);
        if (source.equalsIgnoreCase("URL") && !urls.isEmpty()) {
            userInfo = userInfoOf(urls.get(0));
        }
        TlsSettings tls =
                new TlsSettings(
                        reader.get(TRUSTSTORE_LOCATION),
                        reader.get(TRUSTSTORE_PASSWORD),
                        reader.get(TRUSTSTORE_TYPE),
                        reader.get(KEYSTORE_LOCATION),
                        reader.get(KEYSTORE_PASSWORD),
                        reader.get(KEYSTORE_TYPE),
                        reader.get(KEY_PASSWORD));
        boolean autoRegister = reader.get(AUTO_REGISTER_SETTING);
        Duration connect = reader.get(CONNECT_TIMEOUT);
        Duration request = reader.get(REQUEST_TIMEOUT);
        int retries = reader.get(MAX_RETRIES);
        Duration backoff = reader.get(RETRY_BACKOFF);
        Duration backoffMax = reader.get(RETRY_BACKOFF_MAX);
        if (urls.isEmpty()) {
            return null; // reported: the URL is required
        }
        try {
            return new RegistryConfig(
                    urls,
                    userInfo == null || userInfo.isEmpty() ? null : userInfo,
                    tls,
                    autoRegister,
                    connect,
                    request,
                    retries,
                    backoff,
                    backoffMax);
        } catch (
                IllegalArgumentException
                        e) { // a URL that is not http(s), or a keystore that cannot be read
            reader.problem("schema registry", e.getMessage());
            return null;
        }
    }

    private static String userInfoOf(String url) {
        try {
            return URI.create(url).getUserInfo();
        } catch (IllegalArgumentException e) {
            return null; // the URL itself is reported as invalid
        }
    }

    public RegistryConfig withAutoRegister(boolean enabled) {
        return new RegistryConfig(
                urls,
                basicAuthUserInfo,
                tls,
                enabled,
                connectTimeout,
                requestTimeout,
                maxRetries,
                initialBackoff,
                maxBackoff);
    }

    public RegistryConfig withBasicAuth(String userInfo) {
        return new RegistryConfig(
                urls,
                userInfo,
                tls,
                autoRegister,
                connectTimeout,
                requestTimeout,
                maxRetries,
                initialBackoff,
                maxBackoff);
    }

    public RegistryConfig withTls(TlsSettings settings) {
        return new RegistryConfig(
                urls,
                basicAuthUserInfo,
                settings,
                autoRegister,
                connectTimeout,
                requestTimeout,
                maxRetries,
                initialBackoff,
                maxBackoff);
    }

    public RegistryConfig withTimeouts(Duration connect, Duration request) {
        return new RegistryConfig(
                urls,
                basicAuthUserInfo,
                tls,
                autoRegister,
                connect,
                request,
                maxRetries,
                initialBackoff,
                maxBackoff);
    }

    public RegistryConfig withRetries(int retries, Duration initial, Duration max) {
        return new RegistryConfig(
                urls,
                basicAuthUserInfo,
                tls,
                autoRegister,
                connectTimeout,
                requestTimeout,
                retries,
                initial,
                max);
    }

    /**
     * Wait before retry number {@code retry} (1-based): about initial * 2^(retry-1), capped at the
     * maximum, each varied by up to 20% (Kafka's own {@link ExponentialBackoff}).
     */
    public Duration backoff(int retry) {
        ExponentialBackoff backoff =
                new ExponentialBackoff(
                        initialBackoff.toMillis(), 2, maxBackoff.toMillis(), BACKOFF_JITTER);
        return Duration.ofMillis(backoff.backoff(retry - 1));
    }

    @Override
    public String toString() {
        return "RegistryConfig[urls="
                + urls
                + ", basicAuth="
                + (basicAuthUserInfo == null ? "none" : "[hidden]")
                + ", tls="
                + tls
                + ", autoRegister="
                + autoRegister
                + ", connectTimeout="
                + connectTimeout
                + ", requestTimeout="
                + requestTimeout
                + ", maxRetries="
                + maxRetries
                + ", backoff="
                + initialBackoff
                + ".."
                + maxBackoff
                + "]";
    }

    private static List<String> splitUrls(String url) {
        return Arrays.stream(url.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    private static String validUrl(String url) {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(URL + ": not a URL: " + withoutUserInfo(url));
        }
        if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())
                || uri.getHost() == null) {
            throw new IllegalArgumentException(
                    URL + " must be http(s)://host:port, was " + withoutUserInfo(uri));
        }
        // Credentials in a URL were read by fromProperties (basic.auth.credentials.source=URL);
        // they must not travel in the URL or show up where URLs are printed.
        String clean = withoutUserInfo(uri);
        return clean.endsWith("/") ? clean.substring(0, clean.length() - 1) : clean;
    }

    /** URLs (one or several, comma separated) as safe to print: without user info (credentials). */
    static String withoutUserInfo(String urls) {
        // Not parsed, so that even a URL too broken to parse shows no credentials: user info is
        // what
        // stands between "//" and the "@" before the host.
        return urls.replaceAll("//[^/@,\\s]*@", "//");
    }

    /** A URL as safe to print: without user info (credentials). */
    static String withoutUserInfo(URI uri) {
        return uri.getUserInfo() == null
                ? uri.toString()
                : uri.toString().replace(uri.getRawUserInfo() + "@", "");
    }
}
