package io.ferstream.schema.compat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaValidationException;
import org.apache.avro.SchemaValidatorBuilder;

/**
 * Build-time gate: each current schema must read data written with every released version of it
 * (Confluent's BACKWARD_TRANSITIVE). Released versions live in {@code history/<Record>/vN.avsc}.
 *
 * <p>Avro's own {@link SchemaValidatorBuilder#canReadStrategy()} does the compatibility check; this
 * class only finds the files and reports.
 */
public final class CompatibilityGate {

    private CompatibilityGate() {}

    /** One incompatibility: the current schema cannot read a released version. */
    public record Violation(String record, Path releasedVersion, String reason) {
        @Override
        public String toString() {
            return record + " cannot read " + releasedVersion.getFileName() + ": " + reason;
        }
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            throw new IllegalArgumentException(
                    "usage: CompatibilityGate <schema dir> <history dir>");
        }
        List<Violation> violations = check(Path.of(args[0]), Path.of(args[1]));
        if (!violations.isEmpty()) {
            StringBuilder message =
                    new StringBuilder("Incompatible schema change (BACKWARD_TRANSITIVE):");
            violations.forEach(v -> message.append(System.lineSeparator()).append("  ").append(v));
            // An exception (not System.exit) so that exec:java fails the Maven build with this
            // message.
            throw new IllegalStateException(message.toString());
        }
        System.out.println("[schema-compatibility-gate] all schemas read every released version");
    }

    /**
     * Checks every {@code *.avsc} in {@code schemaDir} against its history; returns what breaks.
     */
    public static List<Violation> check(Path schemaDir, Path historyDir) throws IOException {
        List<Violation> violations = new ArrayList<>();
        for (Path schemaFile : list(schemaDir, ".avsc")) {
            Schema current = parse(schemaFile);
            Path released = historyDir.resolve(current.getName());
            if (!Files.isDirectory(released)) {
                continue; // never released: nothing to stay compatible with
            }
            for (Path version : list(released, ".avsc")) {
                try {
                    new SchemaValidatorBuilder()
                            .canReadStrategy()
                            .validateAll()
                            .validate(current, List.of(parse(version)));
                } catch (SchemaValidationException e) {
                    violations.add(new Violation(current.getFullName(), version, e.getMessage()));
                }
            }
        }
        return violations;
    }

    private static Schema parse(Path file) throws IOException {
        return new Schema.Parser().parse(file.toFile());
    }

    private static List<Path> list(Path dir, String suffix) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(suffix))
                    .sorted(Comparator.naturalOrder())
                    .toList();
        }
    }
}
