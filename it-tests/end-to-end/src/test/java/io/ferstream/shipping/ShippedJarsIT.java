package io.ferstream.shipping;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * What ships is what runs: the job jar ({@code flink run}), the ingest jar (camera and gate), the
 * viewer jar and the analyze jar hold no registry server, dev stack, benchmark, build tool or test
 * class, and the analyze jar neither Flink nor Kafka. Reads the jars this build made (their paths
 * come from this module's pom).
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

    /** {@code jar} holds no entry that {@code forbidden} names, and every {@code required} one. */
    @SafeVarargs
    private static void assertShips(Path jar, List<String> required, List<Pattern>... forbidden)
            throws IOException {
        for (List<Pattern> rules : forbidden) {
            assertEquals(List.of(), ShippedJarRules.violations(jar, rules), jar.toString());
        }
        for (String entry : required) {
            assertTrue(ShippedJarRules.holds(jar, entry), jar + " lacks " + entry);
        }
    }

    @Test
    void shouldShipOnlyTheJobInTheJobJar() throws IOException {
        assertShips(
                jar("ferstream.jar.job"),
                List.of(
                        "io/ferstream/processor/job/FerStreamJobMain.class",
                        "io/ferstream/inference/FaceAnalyzer.class"),
                ShippedJarRules.NEVER_SHIPPED,
                ShippedJarRules.NOT_IN_THE_JOB);
    }

    @Test
    void shouldShipOnlyTheCameraAndTheGateInTheIngestJar() throws IOException {
        assertShips(
                jar("ferstream.jar.ingest"),
                List.of(
                        "io/ferstream/ingest/camera/CameraCli.class",
                        "io/ferstream/ingest/gate/FrameGate.class"),
                ShippedJarRules.NEVER_SHIPPED);
    }

    @Test
    void shouldShipTheViewerWithItsPageAndWithoutFlinkOrModels() throws IOException {
        assertShips(
                jar("ferstream.jar.viewer"),
                List.of(
                        "io/ferstream/viewer/ViewerCli.class",
                        "viewer/index.html",
                        "viewer/viewer.js",
                        "io/ferstream/schema/ExpressionSummary.class"),
                ShippedJarRules.NEVER_SHIPPED,
                ShippedJarRules.NOT_IN_THE_VIEWER);
    }

    @Test
    void shouldShipTheAnalyzeCommandWithoutFlinkOrKafka() throws IOException {
        assertShips(
                jar("ferstream.jar.analyze"),
                List.of(
                        "io/ferstream/analyze/AnalyzeCli.class",
                        "io/ferstream/inference/FaceAnalyzer.class"),
                ShippedJarRules.NEVER_SHIPPED,
                ShippedJarRules.NOT_OFFLINE);
    }
}
