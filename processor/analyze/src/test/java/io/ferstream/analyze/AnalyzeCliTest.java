package io.ferstream.analyze;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line's contract, without models: what it accepts, and how it refuses. */
class AnalyzeCliTest {

    @TempDir Path dir;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return AnalyzeCli.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
    }

    @Test
    void shouldListEveryOptionAndExitCodeInHelp() {
        int code = run("--help");

        assertEquals(0, code);
        for (String option :
                List.of(
                        "--config",
                        "--set",
                        "--min-face-px",
                        "--regions",
                        "--interval",
                        "--track",
                        "--camera-id",
                        "--out",
                        "--annotate",
                        "--annotate-video",
                        "--fps",
                        "--max-dimension",
                        "--max-frames",
                        "--no-progress")) {
            assertTrue(out.toString().contains(option), option + " missing from --help");
        }
        assertTrue(out.toString().contains("5   source unreadable"), out.toString());
    }

    @Test
    void shouldRefuseAnUnknownOptionNamingTheNearestWithExitCode2() {
        int code = run(dir.toString(), "--min-face", "40");

        assertEquals(2, code);
        assertTrue(
                err.toString().contains("unknown option --min-face; did you mean --min-face-px?"),
                err.toString());
    }

    @Test
    void shouldReportEveryBadSettingAtOnceNamingTheOptionThatSetIt() {
        int code =
                run(
                        dir.toString(),
                        "--min-face-px",
                        "5",
                        "--set",
                        "tracking.max-agee=2s",
                        "--set",
                        "quality.min-score=2");

        assertEquals(2, code);
        String message = err.toString();
        assertTrue(message.contains("invalid arguments (3 problems)"), message);
        assertTrue(message.contains("--min-face-px (detection.min-face-px): "), message);
        assertTrue(message.contains("did you mean tracking.max-age?"), message);
        assertTrue(message.contains("quality.min-score: "), message);
        assertTrue(out.toString().isEmpty(), "nothing on standard output");
    }

    @Test
    void shouldRefuseALiveStreamAndAMissingSource() {
        assertEquals(2, run("rtsp://camera/stream"));
        assertTrue(err.toString().contains("sources are for ferstream-camera"), err.toString());

        assertEquals(2, run(dir.resolve("missing.mp4").toString()));
        assertTrue(err.toString().contains("is not a readable file"), err.toString());
    }

    @Test
    void shouldRefuseAnUnreadableConfigFile() throws Exception {
        Path settings = Files.writeString(dir.resolve("job.properties"), "detection.interval=2\n");

        assertEquals(2, run(dir.toString(), "--config", dir.resolve("nope.properties").toString()));
        assertTrue(err.toString().contains("cannot read the properties file"), err.toString());
        assertTrue(settings.toFile().isFile());
    }

    @Test
    void shouldExit5WhenTheSourceHoldsNoImages() {
        int code = run(dir.toString(), "--no-progress");

        assertEquals(5, code);
        assertTrue(err.toString().contains("no images"), err.toString());
    }
}
