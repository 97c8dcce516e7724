package io.ferstream.schema.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class CompatibilityGateTest {

    private static final Path FIXTURES = Path.of("src/test/resources/compat");

    @Test
    void shouldRejectABreakingChange() throws Exception {
        List<CompatibilityGate.Violation> violations =
                CompatibilityGate.check(
                        FIXTURES.resolve("current-breaking"), FIXTURES.resolve("history"));

        assertEquals(1, violations.size());
        assertEquals("io.ferstream.schema.CameraFrame", violations.get(0).record());
        assertTrue(violations.get(0).reason().contains("exposure"), violations.get(0).reason());
    }

    @Test
    void shouldFailTheBuildEntryPointOnABreakingChange() {
        IllegalStateException e =
                assertThrows(
                        IllegalStateException.class,
                        () ->
                                CompatibilityGate.main(
                                        new String[] {
                                            FIXTURES.resolve("current-breaking").toString(),
                                            FIXTURES.resolve("history").toString()
                                        }));
        assertTrue(e.getMessage().contains("BACKWARD_TRANSITIVE"));
    }

    @Test
    void shouldAcceptAnOptionalFieldWithDefault() throws Exception {
        assertEquals(
                List.of(),
                CompatibilityGate.check(
                        FIXTURES.resolve("current-evolved"), FIXTURES.resolve("history")));
    }

    @Test
    void shouldPassTheShippedSchemasAgainstTheirHistory() throws Exception {
        assertEquals(
                List.of(), CompatibilityGate.check(Path.of("src/main/avro"), Path.of("history")));
    }
}
