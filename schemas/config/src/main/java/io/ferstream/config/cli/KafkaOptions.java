package io.ferstream.config.cli;

import io.ferstream.config.KeyValues;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * How a command line reaches Kafka, declared once for every command ({@code @Mixin}): the bootstrap
 * servers and any client settings (security, tuning), from a file and/or repeated pairs. Registry
 * client settings ({@code schema.registry.*}, {@code basic.auth.*}) may sit in the same file, as
 * Confluent's clients take them from the same configuration.
 */
public final class KafkaOptions {

    @Option(
            names = "--bootstrap-servers",
            paramLabel = "HOST:PORT[,...]",
            description = "Kafka bootstrap servers (required).")
    String bootstrapServers;

    @Option(
            names = "--client-property",
            paramLabel = "KEY=VALUE",
            description =
                    "Kafka client setting (security.protocol, sasl.*, ssl.*, tuning) or registry"
                        + " client setting (schema.registry.*, basic.auth.*); repeatable, wins over"
                        + " --client-config. Secrets never print.")
    List<String> pairs = List.of();

    @Option(
            names = "--client-config",
            paramLabel = "FILE",
            description = "Properties file of Kafka and registry client settings.")
    Path file;

    /** The bootstrap servers, or null when not given. */
    public String bootstrapServers() {
        return bootstrapServers == null || bootstrapServers.isBlank()
                ? null
                : bootstrapServers.trim();
    }

    /** The client settings: the file, then the pairs on top. */
    public Map<String, String> clientProperties() {
        return KeyValues.merge(file, pairs);
    }
}
