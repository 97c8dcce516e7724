package io.ferstream.registry.server;

import io.ferstream.config.KeyValues;
import io.ferstream.config.Problems;
import io.ferstream.config.cli.CommandLines;
import io.ferstream.config.cli.KafkaOptions;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Runs a registry whose schemas live in a compacted Kafka topic, until the process is stopped. */
@Command(
        name = "ferstream-registry",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description =
                "A Confluent-compatible schema registry (the REST subset FerStream's and"
                    + " Confluent's clients use), persisted in Kafka. For development and tests;"
                    + " production runs a real registry.")
public final class RegistryServerCli implements Callable<Integer>, CommandLines.Configured {

    @Mixin KafkaOptions kafka;

    @Option(
            names = "--host",
            defaultValue = "127.0.0.1",
            description = "Address to listen on (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(
            names = "--port",
            defaultValue = "8081",
            description = "Port to listen on; 0 for any free port (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(
            names = "--topic",
            defaultValue = KafkaSchemaStore.DEFAULT_TOPIC,
            description = "Compacted topic of the schemas (default: ${DEFAULT-VALUE}).")
    String topic;

    @Option(
            names = "--tls-keystore",
            paramLabel = "FILE",
            description =
                    "Serve https with the key and certificate in this key store (PKCS12 unless"
                            + " --tls-keystore-type says otherwise).")
    Path keystore;

    @Option(
            names = "--tls-keystore-type",
            defaultValue = "PKCS12",
            description = "Type of the key store (default: ${DEFAULT-VALUE}).")
    String keystoreType;

    @Option(
            names = "--tls-keystore-password-file",
            paramLabel = "FILE",
            description =
                    "File whose first line is the key store's password (kept off the command"
                            + " line).")
    Path keystorePasswordFile;

    @Option(
            names = "--users-file",
            paramLabel = "FILE",
            description =
                    "Require HTTP basic auth: a properties file of user=password, one per line.")
    Path usersFile;

    /** The Kafka client properties of the store; every problem of the options at once. */
    @Override
    public Map<String, Object> toConfig() {
        Problems problems = new Problems();
        problems.require(
                kafka.bootstrapServers() != null,
                "--bootstrap-servers",
                "required: the Kafka cluster that stores the schemas");
        problems.require(port >= 0 && port <= 65535, "--port", "must be 0..65535, got " + port);
        Map<String, String> properties =
                problems.collect("--client-property/--client-config", kafka::clientProperties);
        problems.throwIfAny("arguments");
        Map<String, Object> client = new HashMap<>(properties);
        client.put("bootstrap.servers", kafka.bootstrapServers());
        return client;
    }

    /** TLS and basic auth as the options say; problems join {@code problems}. */
    ServerSecurity security(Problems problems) {
        Map<String, String> users =
                usersFile == null
                        ? Map.of()
                        : problems.collect("--users-file", () -> KeyValues.fromFile(usersFile));
        if (keystore == null) {
            problems.require(
                    keystorePasswordFile == null,
                    "--tls-keystore-password-file",
                    "needs --tls-keystore");
            return new ServerSecurity(null, users == null ? Map.of() : users);
        }
        problems.require(
                keystorePasswordFile != null,
                "--tls-keystore-password-file",
                "required with --tls-keystore");
        if (keystorePasswordFile == null || users == null) {
            return null;
        }
        return problems.collect(
                "--tls-keystore",
                () ->
                        ServerSecurity.of(
                                keystore, keystoreType, firstLine(keystorePasswordFile), users));
    }

    private static String firstLine(Path file) {
        try {
            return Files.readAllLines(file).stream().findFirst().orElse("").strip();
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage());
        }
    }

    @Override
    public Integer call() throws InterruptedException {
        Map<String, Object> client = toConfig();
        Problems problems = new Problems();
        ServerSecurity security = security(problems);
        problems.throwIfAny("arguments");
        SchemaRegistryServer server =
                SchemaRegistryServer.start(
                        new KafkaSchemaStore(client, topic),
                        new InetSocketAddress(host, port),
                        security);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(
                        new Thread(
                                () -> {
                                    server.close();
                                    stopped.countDown();
                                },
                                "schema-registry-shutdown"));
        System.out.println(
                "Schema registry listening on "
                        + server.url()
                        + " (schemas in Kafka topic "
                        + topic
                        + ", "
                        + security
                        + ")");
        stopped.await();
        return 0;
    }

    public static void main(String[] args) {
        System.exit(CommandLines.execute(new CommandLine(new RegistryServerCli()), args));
    }
}
