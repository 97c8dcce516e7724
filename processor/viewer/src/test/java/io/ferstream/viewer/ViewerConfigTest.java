package io.ferstream.viewer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ferstream.config.ConfigException;
import io.ferstream.registry.RegistryConfig;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class ViewerConfigTest {

    private static ViewerConfig.Builder builder() {
        return ViewerConfig.builder("localhost:9092", RegistryConfig.of("http://localhost:8085"));
    }

    @Test
    void shouldBindToLoopbackAndBlurFacesByDefault() {
        ViewerConfig config = builder().build();
        assertEquals("127.0.0.1", config.bindHost());
        assertFalse(config.showFaces());
        assertFalse(config.requiresToken());
    }

    @Test
    void shouldRefuseToListenBeyondLoopbackWithoutAToken() {
        ConfigException e =
                assertThrows(ConfigException.class, () -> builder().bind("0.0.0.0", 8070).build());
        assertTrue(e.getMessage().contains("needs an access token"), e.getMessage());
        assertTrue(e.getMessage().contains("--token-file"), e.getMessage());

        ViewerConfig withToken = builder().bind("0.0.0.0", 8070).token("x".repeat(24)).build();
        assertTrue(withToken.requiresToken());
    }

    @Test
    void shouldRefuseAShortTokenAndNeverPrintOne() {
        assertThrows(ConfigException.class, () -> builder().token("short").build());
        String token = "a-very-secret-token-value";
        ViewerConfig config = builder().token(token).build();
        assertFalse(config.toString().contains(token), config.toString());
        assertTrue(config.toString().contains("[hidden]"));
    }

    @Test
    void shouldReportEveryProblemAtOnce() {
        ConfigException e =
                assertThrows(
                        ConfigException.class,
                        () ->
                                builder()
                                        .displayFps(0)
                                        .maxFrameWait(Duration.ofSeconds(-1))
                                        .maxCameras(0)
                                        .flink("ftp://x", null)
                                        .build());
        assertEquals(4, e.problems().size(), e.problems().toString());
    }

    @Test
    void shouldExitWithUsageWhenTheCommandLineBindsBeyondLoopbackWithoutAToken() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        CommandLine cli = new CommandLine(new ViewerCli());
        cli.setErr(new PrintWriter(err, true, StandardCharsets.UTF_8));
        int code =
                io.ferstream.config.cli.CommandLines.execute(
                        cli,
                        "--bootstrap-servers=localhost:9092",
                        "--registry-url=http://localhost:8085",
                        "--bind=0.0.0.0");
        assertEquals(2, code);
        assertTrue(
                err.toString(StandardCharsets.UTF_8).contains("needs an access token"),
                err.toString(StandardCharsets.UTF_8));
    }
}
