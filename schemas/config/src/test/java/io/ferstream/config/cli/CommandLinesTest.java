package io.ferstream.config.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ferstream.config.ConfigException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

class CommandLinesTest {

    @Command(name = "tool", mixinStandardHelpOptions = true)
    static final class Tool implements Callable<Integer>, CommandLines.Configured {
        @Mixin KafkaOptions kafka;
        @Mixin RegistryOptions registry;

        @Option(names = "--max-age", converter = DurationConverter.class, defaultValue = "30s")
        Duration maxAge;

        @Option(names = "--max-bytes", converter = SizeConverter.class, defaultValue = "8mb")
        long maxBytes;

        @Option(names = "--fps", defaultValue = "15")
        double fps;

        @Option(names = "--loop", arity = "1", defaultValue = "false")
        boolean loop;

        boolean ran;

        @Override
        public Object toConfig() {
            List<String> problems = new ArrayList<>();
            if (kafka.bootstrapServers() == null) {
                problems.add("--bootstrap-servers: required");
            }
            if (fps < 0) {
                problems.add("--fps: must not be negative");
            }
            if (!problems.isEmpty()) {
                throw new ConfigException("tool arguments", problems);
            }
            return this;
        }

        @Override
        public Integer call() {
            toConfig();
            ran = true;
            return 0;
        }
    }

    private final StringWriter err = new StringWriter();

    private int run(Tool tool, String... args) {
        CommandLine cli = new CommandLine(tool);
        cli.setErr(new PrintWriter(err, true));
        cli.setOut(new PrintWriter(new StringWriter(), true));
        return CommandLines.execute(cli, args);
    }

    @Test
    void shouldReportEveryProblemAtOnceWithTheNearestOption() {
        Tool tool = new Tool();

        int code =
                run(
                        tool,
                        "--max-agee",
                        "5s",
                        "--max-bytes",
                        "8 MiB",
                        "--loop",
                        "yes",
                        "--fps",
                        "-1");

        assertEquals(CommandLine.ExitCode.USAGE, code);
        String msg = err.toString();
        assertTrue(msg.contains("unknown option --max-agee; did you mean --max-age?"), msg);
        assertTrue(msg.contains("'8 MiB' has an unknown unit 'mib'"), msg);
        assertTrue(msg.contains("'yes' is not a boolean"), msg);
        assertTrue(msg.contains("--bootstrap-servers: required"), msg);
        assertTrue(msg.contains("--fps: must not be negative"), msg);
        assertTrue(msg.contains("(5 problems)"), msg);
        assertTrue(
                !msg.contains("'5s'"),
                "the unknown option's value is not a problem of its own: " + msg);
        assertTrue(!tool.ran);
    }

    @Test
    void shouldReportTheChecksOfTheSettingsWhenTheArgumentsParse() {
        Tool tool = new Tool();

        int code = run(tool, "--registry-url", "http://r");

        assertEquals(CommandLine.ExitCode.USAGE, code);
        assertTrue(err.toString().contains("--bootstrap-servers: required"), err.toString());
    }

    @Test
    void shouldRunWhenEverythingIsValid() {
        Tool tool = new Tool();

        int code =
                run(
                        tool,
                        "--bootstrap-servers",
                        "b:9092",
                        "--max-age",
                        "2min",
                        "--client-property",
                        "acks=all");

        assertEquals(0, code, err.toString());
        assertTrue(tool.ran);
        assertEquals(Duration.ofMinutes(2), tool.maxAge);
        assertEquals(8L << 20, tool.maxBytes);
        assertEquals("all", tool.kafka.clientProperties().get("acks"));
    }
}
