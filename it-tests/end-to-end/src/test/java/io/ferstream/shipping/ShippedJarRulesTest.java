package io.ferstream.shipping;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The rules of {@link ShippedJarsIT} catch what they are meant to, on jars made here. */
class ShippedJarRulesTest {

    @TempDir Path dir;

    private Path jar(String... entries) throws IOException {
        Path jar = dir.resolve("shipped.jar");
        try (OutputStream out = Files.newOutputStream(jar);
                JarOutputStream jarOut = new JarOutputStream(out)) {
            for (String entry : entries) {
                jarOut.putNextEntry(new JarEntry(entry));
                jarOut.closeEntry();
            }
        }
        return jar;
    }

    @Test
    void shouldFindADevelopmentOrTestClassPutBackIntoAJar() throws IOException {
        Path jar =
                jar(
                        "io/ferstream/processor/job/FerStreamJobMain.class",
                        "io/ferstream/registry/server/SchemaRegistryServer.class",
                        "io/ferstream/bench/PipelineBenchmark.class",
                        "io/ferstream/stack/EmbeddedStack.class",
                        "io/ferstream/processor/config/JobConfigTest.class",
                        "io/ferstream/it/FerStreamJobIT$1.class",
                        "org/junit/jupiter/api/Test.class",
                        "org/apache/kafka/streams/TopologyTestDriver.class",
                        "org/apache/kafka/streams/KafkaStreams.class",
                        "picocli/CommandLine.class",
                        "org/apache/logging/log4j/core/config/plugins/util/PluginRegistry$PluginTest.class");

        assertEquals(
                List.of(
                        "io/ferstream/bench/PipelineBenchmark.class",
                        "io/ferstream/it/FerStreamJobIT$1.class",
                        "io/ferstream/processor/config/JobConfigTest.class",
                        "io/ferstream/registry/server/SchemaRegistryServer.class",
                        "io/ferstream/stack/EmbeddedStack.class",
                        "org/apache/kafka/streams/TopologyTestDriver.class",
                        "org/junit/jupiter/api/Test.class"),
                ShippedJarRules.violations(jar, ShippedJarRules.NEVER_SHIPPED));
        assertEquals(
                List.of(
                        "org/apache/kafka/streams/KafkaStreams.class",
                        "org/apache/kafka/streams/TopologyTestDriver.class",
                        "picocli/CommandLine.class"),
                ShippedJarRules.violations(jar, ShippedJarRules.NOT_IN_THE_JOB));
    }
}
