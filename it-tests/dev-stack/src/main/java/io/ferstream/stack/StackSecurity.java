package io.ferstream.stack;

import io.ferstream.config.Secrets;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * What a secured stack needs, made fresh on this machine and never committed: a TLS key and
 * self-signed certificate for {@code localhost} (made by the JDK's {@code keytool}), a truststore
 * holding that certificate, and a random password for each principal.
 *
 * <p>Principals, and what {@link StackAcls} lets each do:
 *
 * <ul>
 *   <li>{@value #ADMIN}: the brokers themselves and the operator (super user);
 *   <li>{@value #CAMERA}: writes {@code frames.raw};
 *   <li>{@value #GATE}: reads {@code frames.raw}, writes {@code frames}, {@code frames.dlq} and the
 *       status topic;
 *   <li>{@value #PROCESSOR}: reads {@code frames}, writes {@code expression-events} and {@code
 *       frames.dlq};
 *   <li>{@value #CONSUMER}: reads {@code expression-events};
 *   <li>{@value #REGISTRY}: the schema registry's own topic.
 * </ul>
 *
 * The same password serves a principal at the broker (SCRAM-SHA-512) and at the registry (basic
 * auth), which keeps the development stack small; nothing in FerStream requires them to match.
 */
public final class StackSecurity {

    public static final String ADMIN = "admin";
    public static final String CAMERA = "camera";
    public static final String GATE = "gate";
    public static final String PROCESSOR = "processor";
    public static final String CONSUMER = "consumer";
    public static final String REGISTRY = "registry";

    public static final List<String> PRINCIPALS =
            List.of(ADMIN, CAMERA, GATE, PROCESSOR, CONSUMER, REGISTRY);

    /** The SASL mechanism of every client listener. */
    public static final String SASL_MECHANISM = "SCRAM-SHA-512";

    private static final String STORE_TYPE = "PKCS12";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path keystore;
    private final Path truststore;
    private final String storePassword;
    private final Map<String, String> passwords;

    private StackSecurity(
            Path keystore, Path truststore, String storePassword, Map<String, String> passwords) {
        this.keystore = keystore;
        this.truststore = truststore;
        this.storePassword = storePassword;
        this.passwords = Collections.unmodifiableMap(new LinkedHashMap<>(passwords));
    }

    /** Fresh keys, certificate and passwords, written under {@code dir}. */
    public static StackSecurity generate(Path dir) {
        Map<String, String> passwords = new LinkedHashMap<>();
        PRINCIPALS.forEach(principal -> passwords.put(principal, randomSecret()));
        return generate(dir, passwords);
    }

    /** As {@link #generate(Path)}, with the given password of every principal. */
    public static StackSecurity generate(Path dir, Map<String, String> passwords) {
        if (!passwords.keySet().containsAll(PRINCIPALS)) {
            throw new IllegalArgumentException("a password is needed for each of " + PRINCIPALS);
        }
        try {
            Files.createDirectories(dir);
            Path keystore = dir.resolve("localhost.p12");
            Path certificate = dir.resolve("localhost.crt");
            Path truststore = dir.resolve("truststore.p12");
            String storePassword = randomSecret();
            keytool(
                    storePassword,
                    "-genkeypair",
                    "-alias",
                    "localhost",
                    "-keyalg",
                    "RSA",
                    "-keysize",
                    "2048",
                    "-validity",
                    "7",
                    "-dname",
                    "CN=localhost",
                    "-ext",
                    "SAN=dns:localhost,ip:127.0.0.1",
                    "-storetype",
                    STORE_TYPE,
                    "-keystore",
                    keystore.toString());
            keytool(
                    storePassword,
                    "-exportcert",
                    "-rfc",
                    "-alias",
                    "localhost",
                    "-keystore",
                    keystore.toString(),
                    "-file",
                    certificate.toString());
            keytool(
                    storePassword,
                    "-importcert",
                    "-noprompt",
                    "-alias",
                    "localhost",
                    "-file",
                    certificate.toString(),
                    "-storetype",
                    STORE_TYPE,
                    "-keystore",
                    truststore.toString());
            restrictToOwner(keystore); // the private key
            return new StackSecurity(keystore, truststore, storePassword, passwords);
        } catch (IOException e) {
            throw new IllegalStateException("Could not write TLS material under " + dir, e);
        }
    }

    /**
     * Runs the JDK's keytool; the store password goes through the environment, so it never shows on
     * a command line.
     */
    private static void keytool(String storePassword, String... args) throws IOException {
        Path tool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        List<String> command = new ArrayList<>();
        command.add(tool.toString());
        command.addAll(List.of(args));
        command.addAll(List.of("-storepass:env", "FERSTREAM_STORE_PASSWORD"));
        if (args[0].equals("-genkeypair")) {
            command.addAll(List.of("-keypass:env", "FERSTREAM_STORE_PASSWORD"));
        }
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("FERSTREAM_STORE_PASSWORD", storePassword);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes());
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException(
                        "keytool " + args[0] + " failed: " + output.strip());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new IllegalStateException("interrupted while running keytool", e);
        }
    }

    private static String randomSecret() {
        byte[] bytes = new byte[18];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** The principal's password. */
    public String password(String principal) {
        String password = passwords.get(principal);
        if (password == null) {
            throw new IllegalArgumentException(
                    "no principal " + principal + "; one of " + PRINCIPALS);
        }
        return password;
    }

    /** Every secret of the stack: the passwords and the key store's; for leak checks. */
    public List<String> secrets() {
        List<String> secrets = new ArrayList<>(passwords.values());
        secrets.add(storePassword);
        return secrets;
    }

    public Path keystore() {
        return keystore;
    }

    public Path truststore() {
        return truststore;
    }

    public String storeType() {
        return STORE_TYPE;
    }

    /** The password of the key store, the key and the truststore. */
    public String storePassword() {
        return storePassword;
    }

    /**
     * Kafka client settings of {@code principal}: SASL_SSL with SCRAM-SHA-512, trusting the stack's
     * certificate.
     */
    public Map<String, Object> kafkaClient(String principal) {
        return kafkaClient(principal, password(principal));
    }

    /** As {@link #kafkaClient(String)}, with any password (a wrong one, to test refusals). */
    public Map<String, Object> kafkaClient(String principal, String password) {
        Map<String, Object> props = new HashMap<>();
        props.put("security.protocol", "SASL_SSL");
        props.put("sasl.mechanism", SASL_MECHANISM);
        props.put("sasl.jaas.config", scramJaas(principal, password));
        props.put("ssl.truststore.location", truststore.toString());
        props.put("ssl.truststore.password", storePassword);
        props.put("ssl.truststore.type", STORE_TYPE);
        return props;
    }

    /**
     * Registry client settings of {@code principal} (Confluent's names): basic auth, trusting the
     * stack's certificate.
     */
    public Map<String, String> registryClient(String principal) {
        Map<String, String> props = new HashMap<>();
        props.put("basic.auth.credentials.source", "USER_INFO");
        props.put("basic.auth.user.info", principal + ":" + password(principal));
        props.put("schema.registry.ssl.truststore.location", truststore.toString());
        props.put("schema.registry.ssl.truststore.password", storePassword);
        props.put("schema.registry.ssl.truststore.type", STORE_TYPE);
        return props;
    }

    /**
     * Writes each principal's client settings where the command lines take them ({@code
     * --client-config}): {@code <principal>.properties} with the Kafka and registry settings, and
     * {@code job.properties} with the job's (Kafka's under {@code kafka.}). They hold passwords, so
     * only the owner may read them where the file system allows.
     *
     * @param registryUrl the registry's https URL, written into every file
     * @return the folder
     */
    public Path writeClientConfigs(Path dir, String registryUrl) {
        try {
            Files.createDirectories(dir);
            for (String principal : PRINCIPALS) {
                Map<String, String> settings = new TreeMap<>();
                kafkaClient(principal).forEach((k, v) -> settings.put(k, v.toString()));
                settings.putAll(registryClient(principal));
                settings.put("schema.registry.url", registryUrl);
                writePrivate(dir.resolve(principal + ".properties"), settings);
            }
            Map<String, String> job = new TreeMap<>();
            kafkaClient(PROCESSOR).forEach((k, v) -> job.put("kafka." + k, v.toString()));
            job.putAll(registryClient(PROCESSOR));
            job.put("schema.registry.url", registryUrl);
            writePrivate(dir.resolve("job.properties"), job);
            return dir;
        } catch (IOException e) {
            throw new IllegalStateException("Could not write client settings under " + dir, e);
        }
    }

    private static void writePrivate(Path file, Map<String, String> settings) throws IOException {
        Properties properties = new Properties();
        properties.putAll(settings);
        Files.deleteIfExists(file);
        Files.createFile(file);
        restrictToOwner(file);
        try (Writer out = Files.newBufferedWriter(file)) {
            properties.store(out, "FerStream development stack; holds passwords, keep private");
        }
    }

    private static void restrictToOwner(Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException notPosix) {
            // Windows: the folder's permissions apply
        }
    }

    static String scramJaas(String user, String password) {
        return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\""
                + user
                + "\" password=\""
                + password
                + "\";";
    }

    @Override
    public String toString() {
        return "StackSecurity[keystore="
                + keystore
                + ", truststore="
                + truststore
                + ", principals="
                + PRINCIPALS
                + ", passwords="
                + Secrets.HIDDEN
                + "]";
    }
}
