package io.ferstream.ingest.cli;

import io.ferstream.config.Problems;
import io.ferstream.config.cli.KafkaOptions;
import io.ferstream.config.cli.RegistryOptions;
import io.ferstream.registry.RegistryConfig;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the ingest command lines' shared options ({@link KafkaOptions}, {@link RegistryOptions}) say
 * about reaching Kafka and the registry: the client properties split into Kafka's and the
 * registry's, the registry settings checked with the rest of the command's.
 *
 * @param bootstrapServers Kafka bootstrap servers, or null when not given (a problem is recorded)
 * @param kafkaProperties the Kafka client settings: the client properties that are not the
 *     registry's
 * @param registry the registry client settings, or null when they have problems (recorded)
 */
public record ClientSettings(
        String bootstrapServers, Map<String, String> kafkaProperties, RegistryConfig registry) {

    /** Reads the options; their problems join {@code problems}. */
    public static ClientSettings of(
            KafkaOptions kafka, RegistryOptions registryOptions, Problems problems) {
        String bootstrap = kafka.bootstrapServers();
        problems.require(
                bootstrap != null, "--bootstrap-servers", "required: the Kafka bootstrap servers");
        Map<String, String> properties =
                problems.collect("--client-property/--client-config", kafka::clientProperties);
        if (properties == null) {
            return new ClientSettings(bootstrap, Map.of(), null);
        }
        Map<String, String> kafkaOnly = new TreeMap<>();
        Map<String, String> registryOnly = new TreeMap<>();
        properties.forEach(
                (k, v) ->
                        (RegistryConfig.isRegistrySetting(k) ? registryOnly : kafkaOnly).put(k, v));
        if (registryOptions.url() != null) {
            registryOnly.put(RegistryConfig.URL, registryOptions.url());
        }
        if (!registryOnly.containsKey(RegistryConfig.URL)) {
            problems.add("--registry-url", "required: the schema registry URL(s)");
            // The other registry settings are still checked, against a URL that is never used.
            registryOnly.put(RegistryConfig.URL, "http://registry.invalid");
            problems.collect("--registry-url", () -> RegistryConfig.fromProperties(registryOnly));
            return new ClientSettings(bootstrap, kafkaOnly, null);
        }
        RegistryConfig registry =
                problems.collect(
                        "--registry-url", () -> RegistryConfig.fromProperties(registryOnly));
        return new ClientSettings(bootstrap, kafkaOnly, registry);
    }
}
