package io.ferstream.ingest.gate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ferstream.image.ImageLimits;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class FrameGateCliTest {

    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cli = new CommandLine(new FrameGateCli());
        cli.setErr(new PrintWriter(err, true));
        return io.ferstream.config.cli.CommandLines.execute(cli, args);
    }

    @Test
    void shouldReportEveryProblemAtOnceNamingTheNearestOption() {
        int code =
                run(
                        "--max-agee",
                        "2s",
                        "--max-image-bytes",
                        "8 MiB",
                        "--max-fps",
                        "-1",
                        "--status-window",
                        "10",
                        "--client-property",
                        "basic.auth.user.info=no-colon-s3cret",
                        "--registry-url",
                        "http://registry:8081");

        assertEquals(CommandLine.ExitCode.USAGE, code);
        String msg = err.toString();
        assertTrue(msg.contains("unknown option --max-agee; did you mean --max-age?"), msg);
        assertTrue(msg.contains("'8 MiB' has an unknown unit 'mib'"), msg);
        assertTrue(msg.contains("'10' has no unit"), msg);
        assertTrue(msg.contains("--bootstrap-servers: required"), msg);
        assertTrue(msg.contains("--max-fps: must be 0 (no limit) or positive"), msg);
        assertTrue(
                msg.contains("basic.auth.user.info: '[hidden]' must look like user:password"), msg);
        assertFalse(msg.contains("s3cret"), msg);
    }

    @Test
    void shouldBuildTheConfigurationFromValidOptions() {
        FrameGateCli cli = new FrameGateCli();
        new CommandLine(cli)
                .parseArgs(
                        "--bootstrap-servers",
                        "b:9092",
                        "--registry-url",
                        "http://r:8081",
                        "--max-image-bytes",
                        "4mb",
                        "--max-width",
                        "1920",
                        "--max-height",
                        "1080",
                        "--max-age",
                        "1min",
                        "--client-property",
                        "security.protocol=SSL",
                        "--client-property",
                        "auto.register.schemas=false");

        GateConfig config = cli.toConfig();

        assertEquals(new ImageLimits(4L << 20, 1920, 1080), config.rules().images());
        assertEquals(Duration.ofMinutes(1), config.rules().maxAge());
        assertEquals("SSL", config.streamsOverrides().get("security.protocol"));
        assertFalse(
                config.streamsOverrides().containsKey("auto.register.schemas"),
                "registry settings are not Kafka's");
        assertFalse(config.registry().autoRegister());
    }
}
