package io.ferstream.chaos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The reduced chaos run (issue 12) as part of {@code mvn verify}: {@code chaos.py} starts every
 * component as its own process, kills a TaskManager, the broker leading the busiest {@code frames}
 * partition and the leading JobManager with {@code kill -9} at seeded moments of a 60 s live run,
 * and compares the committed events and the job's dead letters with an undisturbed replay of the
 * same frames: same event ids, types, labels and boxes, no duplicate, nothing missing. The checker
 * is the script's; this test runs it and reports where its logs are.
 */
class ReducedChaosIT {

    /** Seeds the fault moments; the full run in the README takes others. */
    private static final String SEED = "3";

    @Test
    void killedTaskManagerBrokerAndJobManagerLoseAndDuplicateNothing() throws Exception {
        Path runs = Files.createDirectories(Path.of(property("chaos.work")));
        Path work = Files.createTempDirectory(runs, "run-");
        Path output = work.resolve("chaos.out");
        List<String> command =
                new ArrayList<>(List.of("/usr/bin/python3", property("chaos.script")));
        command.addAll(
                List.of(
                        work.toString(),
                        "--stack-classpath",
                        property("chaos.stack-classpath"),
                        "--flink-lib",
                        property("chaos.flink-lib"),
                        "--job-jar",
                        property("chaos.job-jar"),
                        "--ingest-jar",
                        property("chaos.ingest-jar"),
                        "--opens",
                        property("chaos.opens"),
                        "--faults",
                        "tm,broker,jm",
                        "--seconds",
                        "60",
                        "--seed",
                        SEED));
        Process run =
                new ProcessBuilder(command)
                        .redirectErrorStream(true)
                        .redirectOutput(output.toFile())
                        .start();
        if (!run.waitFor(15, TimeUnit.MINUTES)) {
            run.destroy(); // the script stops the processes it started on its way out
            if (!run.waitFor(1, TimeUnit.MINUTES)) {
                run.destroyForcibly();
            }
            fail("the chaos run took over 15 minutes; logs in " + work + "\n" + tail(output));
        }
        String report = Files.readString(work.resolve("report.json"), StandardCharsets.UTF_8);
        System.out.println("chaos run report (" + work + "):\n" + report);
        assertEquals(
                0,
                run.exitValue(),
                "the chaotic run's events or dead letters differ from the undisturbed replay; "
                        + "logs, report.json and diff.txt in "
                        + work
                        + "\n"
                        + tail(output));
        assertTrue(report.contains("\"duplicates\": 0"), report);
        deleteRecursively(work.resolve("data")); // checkpoints and Kafka logs; the logs stay
    }

    private static String property(String name) {
        String value = System.getProperty(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException(
                    "system property " + name + " is not set (failsafe sets it)");
        }
        return value;
    }

    private static String tail(Path file) throws IOException {
        if (!Files.exists(file)) {
            return "(no output)";
        }
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
