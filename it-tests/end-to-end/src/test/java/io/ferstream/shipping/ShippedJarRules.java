package io.ferstream.shipping;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.jar.JarFile;
import java.util.regex.Pattern;

/**
 * What may not ship in a production jar: FerStream's development and test code (the registry
 * server, the dev stack, the benchmarks, the schema compatibility gate, test classes) and test or
 * benchmark libraries. The job jar must also leave out what only the command lines use (picocli)
 * and Kafka Streams with its RocksDB natives.
 */
final class ShippedJarRules {

    /** Entries no shipped jar may hold. */
    static final List<Pattern> NEVER_SHIPPED =
            List.of(
                    Pattern.compile("io/ferstream/registry/server/.*"),
                    Pattern.compile("io/ferstream/(stack|local|bench)/.*"),
                    Pattern.compile("io/ferstream/schema/compat/.*"),
                    Pattern.compile("io/ferstream/.*(Test|IT)(\\$.*)?\\.class"),
                    Pattern.compile("(org/junit|org/assertj|org/openjdk/jmh|org/opentest4j)/.*"),
                    Pattern.compile(
                            "org/apache/kafka/streams/(TopologyTestDriver|TestInputTopic|TestOutputTopic).*"));

    /** Entries the job jar may not hold on top of those. */
    static final List<Pattern> NOT_IN_THE_JOB =
            List.of(
                    Pattern.compile("picocli/.*"),
                    Pattern.compile("org/apache/kafka/streams/.*"),
                    Pattern.compile("org/rocksdb/.*|librocksdbjni.*"));

    /** Entries the offline analyze command may not hold on top of those: it runs without both. */
    /** The viewer reads Kafka and Flink's REST API: no Flink, no Kafka Streams, no models. */
    static final List<Pattern> NOT_IN_THE_VIEWER =
            List.of(
                    Pattern.compile("org/apache/flink/.*"),
                    Pattern.compile("org/apache/kafka/streams/.*"),
                    Pattern.compile("ai/onnxruntime/.*|.*\\.onnx"),
                    Pattern.compile("org/rocksdb/.*|librocksdbjni.*"));

    static final List<Pattern> NOT_OFFLINE =
            List.of(
                    Pattern.compile("org/apache/flink/.*"),
                    Pattern.compile("org/apache/kafka/.*"),
                    Pattern.compile("org/rocksdb/.*|librocksdbjni.*"));

    private ShippedJarRules() {}

    /** The entries of {@code jar} that match any of {@code forbidden}, sorted. */
    static List<String> violations(Path jar, List<Pattern> forbidden) throws IOException {
        List<String> found = new ArrayList<>();
        try (JarFile file = new JarFile(jar.toFile())) {
            for (String entry :
                    Collections.list(file.entries()).stream().map(e -> e.getName()).toList()) {
                if (forbidden.stream().anyMatch(p -> p.matcher(entry).matches())) {
                    found.add(entry);
                }
            }
        }
        Collections.sort(found);
        return found;
    }

    /** Whether {@code jar} holds {@code entry}. */
    static boolean holds(Path jar, String entry) throws IOException {
        try (JarFile file = new JarFile(jar.toFile())) {
            return file.getEntry(entry) != null;
        }
    }
}
