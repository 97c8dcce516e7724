package io.ferstream.registry.server;

import io.ferstream.config.Problems;
import io.ferstream.config.cli.CommandLines;
import io.ferstream.config.cli.KafkaOptions;
import java.net.InetSocketAddress;
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

    @Override
    public Integer call() throws InterruptedException {
        SchemaRegistryServer server =
                SchemaRegistryServer.start(
                        new KafkaSchemaStore(toConfig(), topic), new InetSocketAddress(host, port));
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
                        + ")");
        stopped.await();
        return 0;
    }

    public static void main(String[] args) {
        System.exit(CommandLines.execute(new CommandLine(new RegistryServerCli()), args));
    }
}
