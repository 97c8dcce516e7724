package io.ferstream.ingest.camera;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ferstream.ingest.TestImages;
import io.ferstream.registry.server.SchemaRegistryServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class CameraCliTest {

    @TempDir Path dir;
    private Path image;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeEach
    void writeImage() throws Exception {
        image = Files.write(dir.resolve("frame.jpg"), TestImages.jpeg(32, 24));
    }

    private int run(String... args) {
        return CameraCli.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
    }

    private String[] valid(String... extra) {
        List<String> args =
                new ArrayList<>(
                        List.of(
                                image.toString(),
                                "--camera-id",
                                "cam-1",
                                "--bootstrap-servers",
                                "127.0.0.1:1",
                                "--registry-url",
                                "http://127.0.0.1:1"));
        args.addAll(Arrays.asList(extra));
        return args.toArray(String[]::new);
    }

    @Test
    void shouldListEveryOptionInHelp() {
        int code = run("--help");

        assertEquals(0, code);
        for (String option :
                List.of(
                        "--camera-id",
                        "--fps",
                        "--max-dimension",
                        "--jpeg-quality",
                        "--loop",
                        "--start-offset",
                        "--capture-start",
                        "--pace",
                        "--bootstrap-servers",
                        "--topic",
                        "--registry-url",
                        "--client-property",
                        "--client-config",
                        "--max-reconnects",
                        "--rtsp-transport",
                        "--socket-timeout",
                        "--first-sequence")) {
            assertTrue(out.toString().contains(option), "help lacks " + option);
        }
    }

    @Test
    void shouldRefuseMissingRequiredOptions() {
        int code = run(image.toString());

        assertEquals(CommandLine.ExitCode.USAGE, code);
        assertTrue(err.toString().contains("--camera-id"), err.toString());
    }

    @Test
    void shouldRefuseAnOutOfRangeQualityWithoutAStackTrace() {
        int code = run(valid("--jpeg-quality", "0"));

        assertEquals(CommandLine.ExitCode.USAGE, code);
        assertTrue(
                err.toString().contains("--jpeg-quality: must be within 1..100"), err.toString());
        assertFalse(err.toString().contains("\tat "), err.toString());
    }

    @Test
    void shouldRefuseAMissingSource() {
        int code =
                run(
                        "/nonexistent/video.mp4",
                        "--camera-id",
                        "c",
                        "--bootstrap-servers",
                        "b:1",
                        "--registry-url",
                        "http://r");

        assertEquals(CommandLine.ExitCode.USAGE, code);
        assertTrue(err.toString().contains("/nonexistent/video.mp4"), err.toString());
    }

    @Test
    void shouldRefuseABadDuration() {
        int code = run(valid("--start-offset", "soon"));

        assertEquals(CommandLine.ExitCode.USAGE, code);
        assertTrue(err.toString().contains("not a duration"), err.toString());
    }

    @Test
    void shouldReportEveryProblemAtOnceNamingTheNearestOption() {
        int code =
                run(
                        image.toString(),
                        "--fsp",
                        "5",
                        "--jpeg-quality",
                        "0",
                        "--loop",
                        "--start-offset",
                        "5",
                        "--client-property",
                        "schema.registry.ulr=http://r");

        assertEquals(CommandLine.ExitCode.USAGE, code);
        String msg = err.toString();
        assertTrue(msg.contains("unknown option --fsp; did you mean --fps?"), msg);
        assertTrue(msg.contains("'5' has no unit"), msg);
        assertTrue(msg.contains("--camera-id: required"), msg);
        assertTrue(msg.contains("--bootstrap-servers: required"), msg);
        assertTrue(msg.contains("--jpeg-quality: must be within 1..100"), msg);
        assertTrue(
                msg.contains("schema.registry.ulr: unknown key; did you mean schema.registry.url?"),
                msg);
        assertFalse(msg.contains("\tat "), msg);
    }

    @Test
    void shouldRefuseAMalformedClientProperty() {
        int code = run(valid("--client-property", "novalue"));

        assertEquals(CommandLine.ExitCode.USAGE, code);
        assertTrue(err.toString().contains("key=value"), err.toString());
    }

    @Test
    void shouldEndWithACleanMessageWhenKafkaIsUnreachable() {
        try (SchemaRegistryServer registry = SchemaRegistryServer.inMemory()) {
            int code =
                    run(
                            image.toString(),
                            "--camera-id",
                            "cam-1",
                            "--bootstrap-servers",
                            "127.0.0.1:1",
                            "--registry-url",
                            registry.url(),
                            "--startup-timeout",
                            "1s");

            assertEquals(StartupException.BROKER_UNREACHABLE, code);
            assertTrue(
                    err.toString().contains("Kafka at 127.0.0.1:1 did not answer"), err.toString());
            assertFalse(err.toString().contains("\tat "), err.toString());
        }
    }

    @Test
    void shouldHideSecretsWhenTheConfigIsPrinted() throws Exception {
        Path file =
                Files.writeString(
                        dir.resolve("client.properties"),
                        "security.protocol=SASL_SSL\n"
                            + "sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule"
                            + " required password=\"hunter2\";\n");
        CameraCli cli = new CameraCli();
        new CommandLine(cli)
                .parseArgs(
                        valid(
                                "--client-config",
                                file.toString(),
                                "--client-property",
                                "ssl.key.password=topsecret"));

        CameraProducerConfig config = cli.toConfig();

        String shown = config.toString();
        assertEquals("SASL_SSL", config.producerProperties().get("security.protocol"));
        assertTrue(shown.contains("sasl.jaas.config=[hidden]"), shown);
        assertFalse(shown.contains("hunter2") || shown.contains("topsecret"), shown);
    }
}
