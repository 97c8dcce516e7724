package io.ferstream.shipping;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What ships is what runs: the job jar ({@code flink run}), the ingest jar (camera and gate) and
 * the analyze jar hold no registry server, dev stack, benchmark, build tool or test class, and the
 * analyze jar neither Flink nor Kafka. Reads the jars this build made (their paths come from this
 * module's pom).
 */
class ShippedJarsIT {

    private static Path jar(String property) {
        String path = System.getProperty(property);
        assertTrue(
                path != null,
                "system property " + property + " is not set (see it-tests/end-to-end/pom.xml)");
        Path jar = Path.of(path);
        assertTrue(Files.isRegularFile(jar), jar + " does not exist: build it first (mvn package)");
        return jar;
    }

    @Test
    void shouldShipOnlyTheJobInTheJobJar() throws IOException {
        Path job = jar("ferstream.jar.job");

        assertEquals(
                List.of(),
                ShippedJarRules.violations(job, ShippedJarRules.NEVER_SHIPPED),
                job.toString());
        assertEquals(
                List.of(),
                ShippedJarRules.violations(job, ShippedJarRules.NOT_IN_THE_JOB),
                job.toString());
        assertTrue(
                ShippedJarRules.holds(job, "io/ferstream/processor/job/FerStreamJobMain.class"),
                job.toString());
        assertTrue(
                ShippedJarRules.holds(job, "io/ferstream/inference/FaceAnalyzer.class"),
                job.toString());
    }

    @Test
    void shouldShipOnlyTheCameraAndTheGateInTheIngestJar() throws IOException {
        Path ingest = jar("ferstream.jar.ingest");

        assertEquals(
                List.of(),
                ShippedJarRules.violations(ingest, ShippedJarRules.NEVER_SHIPPED),
                ingest.toString());
        assertTrue(
                ShippedJarRules.holds(ingest, "io/ferstream/ingest/camera/CameraCli.class"),
                ingest.toString());
        assertTrue(
                ShippedJarRules.holds(ingest, "io/ferstream/ingest/gate/FrameGate.class"),
                ingest.toString());
    }

    @Test
    void shouldShipTheAnalyzeCommandWithoutFlinkOrKafka() throws IOException {
        Path analyze = jar("ferstream.jar.analyze");

        assertEquals(
                List.of(),
                ShippedJarRules.violations(analyze, ShippedJarRules.NEVER_SHIPPED),
                analyze.toString());
        assertEquals(
                List.of(),
                ShippedJarRules.violations(analyze, ShippedJarRules.NOT_OFFLINE),
                analyze.toString());
        assertTrue(
                ShippedJarRules.holds(analyze, "io/ferstream/analyze/AnalyzeCli.class"),
                analyze.toString());
        assertTrue(
                ShippedJarRules.holds(analyze, "io/ferstream/inference/FaceAnalyzer.class"),
                analyze.toString());
    }
}
