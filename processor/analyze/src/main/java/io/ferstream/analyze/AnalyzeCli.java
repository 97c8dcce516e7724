package io.ferstream.analyze;

import io.ferstream.config.ConfigException;
import io.ferstream.config.KeyValues;
import io.ferstream.config.Problems;
import io.ferstream.config.cli.CommandLines;
import io.ferstream.config.cli.GracefulStop;
import io.ferstream.inference.detection.DetectionSettings;
import io.ferstream.ingest.camera.FrameShapeOptions;
import io.ferstream.ingest.camera.SourceSpec;
import io.ferstream.processor.tracking.FaceQuality;
import java.io.FilterWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.bytedeco.ffmpeg.global.avutil;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code ferstream-analyze}: the job's analysis on a video file or images, without Kafka or Flink,
 * to JSON lines, annotated pictures and a summary. Only parses arguments; {@link OfflineAnalysis}
 * does the work. Exit codes: 0 done, 1 failed mid-run, 2 bad arguments or settings, 3 models
 * unusable, 5 source unreadable.
 */
@Command(
        name = "ferstream-analyze",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Runs FerStream's face analysis (decode, detect, classify, optionally track) on a video"
                    + " file or images, with the job's own code and settings, and writes one JSON"
                    + " line per frame.",
            "Frames are taken as ferstream-camera would send them (--fps, --max-dimension,"
                    + " --jpeg-quality), so sizes and intervals mean what they mean in the job."
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:done",
            "1:failed mid-run (unreadable frame, model failure, unwritable output)",
            "2:bad arguments or settings",
            "3:models unusable",
            "5:source unreadable"
        })
public final class AnalyzeCli implements Callable<Integer>, CommandLines.Configured {

    @Spec CommandLine.Model.CommandSpec spec;

    @Parameters(
            index = "0",
            arity = "0..1", // a missing source is reported with the other problems, by toConfig
            paramLabel = "SOURCE",
            description =
                    "Video file (mp4, avi, mkv ...), folder or quoted glob of images, or one"
                            + " image.")
    String source;

    @Option(
            names = "--config",
            paramLabel = "FILE",
            description =
                    "Properties file with the job's keys (models.*, inference.*, image.*,"
                            + " detection.*, camera.<id>.detection.*, tracking.*, quality.*).")
    Path configFile;

    @Option(
            names = "--set",
            paramLabel = "KEY=VALUE",
            description = "One of the job's settings, over the file's; repeatable.")
    List<String> sets = List.of();

    @Option(
            names = "--min-face-px",
            paramLabel = "PX",
            description = "Smallest face to find: detection.min-face-px.")
    Integer minFacePx;

    @Option(
            names = "--regions",
            paramLabel = "REGIONS",
            description = "Where faces count: detection.regions, e.g. '0,0.3,0.5,0.7'.")
    String regions;

    @Option(
            names = "--interval",
            paramLabel = "N",
            description = "Run the detector on every N-th frame: detection.interval.")
    Integer interval;

    @Option(
            names = "--track",
            description = "Track faces with the job's tracker: track ids and events in the output.")
    boolean track;

    @Option(
            names = "--camera-id",
            paramLabel = "ID",
            defaultValue = "analyze",
            description =
                    "Whose camera.<id>.detection.* overrides apply (default: ${DEFAULT-VALUE}).")
    String cameraId;

    @Option(
            names = "--out",
            paramLabel = "FILE",
            description = "Write the JSON lines to FILE (default: standard output, or '-').")
    Path out;

    @Option(
            names = "--annotate",
            paramLabel = "DIR",
            description = "Also write each frame as a JPEG with boxes and labels into DIR.")
    Path annotateDir;

    @Option(
            names = "--annotate-video",
            paramLabel = "FILE",
            description = "Also write the annotated frames as an MP4 video.")
    Path annotateVideo;

    @Mixin FrameShapeOptions frames;

    @Option(
            names = "--max-frames",
            paramLabel = "N",
            defaultValue = "0",
            description = "Stop after this many frames; 0 = all (default: ${DEFAULT-VALUE}).")
    long maxFrames;

    @Option(names = "--no-progress", description = "Do not show progress on standard error.")
    boolean noProgress;

    /** The validated configuration; every problem of every option and setting at once. */
    @Override
    public AnalyzeConfig toConfig() {
        Problems problems = new Problems();
        SourceSpec spec =
                problems.collect(
                        "SOURCE", () -> AnalyzeConfig.requireFile(SourceSpec.parse(source)));
        FrameOptions taken = problems.collect("frames", () -> new FrameOptions(frames, maxFrames));
        Map<String, String> file =
                configFile == null
                        ? Map.of()
                        : problems.collect("--config", () -> KeyValues.fromFile(configFile));
        Map<String, String> pairs = problems.collect("--set", () -> KeyValues.merge(null, sets));
        var shortcuts = SettingShortcuts.given(minFacePx, regions, interval);
        JobSettings settings = null;
        if (file != null && pairs != null) {
            Map<String, String> raw = SettingShortcuts.merge(file, pairs, shortcuts, problems);
            settings = problems.collect("settings", () -> readSettings(raw, shortcuts));
        }
        AnalyzeConfig config = null;
        if (spec != null && taken != null && settings != null) {
            JobSettings read = settings;
            config =
                    problems.collect(
                            "arguments",
                            () ->
                                    new AnalyzeConfig(
                                            spec,
                                            taken,
                                            cameraId,
                                            read,
                                            track,
                                            out == null || out.toString().equals("-") ? null : out,
                                            annotateDir,
                                            annotateVideo,
                                            !noProgress));
        }
        problems.throwIfAny("arguments");
        return config;
    }

    private static JobSettings readSettings(
            Map<String, String> raw, Map<SettingShortcuts.Shortcut, String> shortcuts) {
        try {
            return JobSettings.read(raw);
        } catch (ConfigException e) {
            throw new ConfigException(
                    "settings",
                    e.problems().stream()
                            .map(p -> SettingShortcuts.explain(p, shortcuts))
                            .toList());
        }
    }

    @Override
    public Integer call() throws IOException, InterruptedException {
        AnalyzeConfig config = toConfig();
        PrintWriter err = spec.commandLine().getErr();
        err.println(describe(config));
        err.flush();
        OfflineAnalysis analysis = new OfflineAnalysis(config);
        // Ctrl-C stops after the current frame, so the lines, the video and the summary are whole.
        GracefulStop graceful = GracefulStop.install("ferstream-analyze", analysis::stop);
        try (Writer lines = openOut(config)) {
            OfflineAnalysis.Outcome outcome = run(analysis, lines, err);
            err.print(outcome.report());
            err.flush();
            return 0;
        } finally {
            graceful.close();
        }
    }

    private static OfflineAnalysis.Outcome run(
            OfflineAnalysis analysis, Writer lines, PrintWriter err) throws InterruptedException {
        try {
            return analysis.run(lines, err);
        } catch (IOException e) {
            throw new AnalyzeException(
                    AnalyzeException.FAILED, "cannot write the output: " + e.getMessage(), e);
        }
    }

    private Writer openOut(AnalyzeConfig config) throws IOException {
        if (config.out() == null) {
            return new StandardOutput(spec.commandLine().getOut());
        }
        Path parent = config.out().toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        return Files.newBufferedWriter(config.out());
    }

    /**
     * Standard output as the lines' writer: left open for the caller, and failing once it cannot be
     * written (a closed pipe, as in {@code | head}) instead of analysing on for nobody, as a {@link
     * PrintWriter} alone would.
     */
    private static final class StandardOutput extends FilterWriter {
        private final PrintWriter stdout;

        StandardOutput(PrintWriter stdout) {
            super(stdout);
            this.stdout = stdout;
        }

        @Override
        public void write(int c) throws IOException {
            super.write(c);
            if (c == '\n' && stdout.checkError()) {
                throw new IOException("standard output is closed");
            }
        }

        @Override
        public void close() {
            stdout.flush();
        }
    }

    /** The first line on standard error: what is read and how it is searched. */
    static String describe(AnalyzeConfig config) {
        DetectionSettings d = config.detection();
        FaceQuality q = config.settings().tracking().quality();
        return String.format(
                Locale.ROOT,
                "ferstream-analyze: %s as camera '%s'; detection min-face-px %d, regions %s,"
                        + " interval %d; quality min-face-px %d, min-score %s; tracking %s",
                config.source().displayName(),
                config.cameraId(),
                d.minFacePx(),
                d.regions(),
                d.interval(),
                q.minFacePx(),
                q.minScore(),
                config.track() ? "on" : "off");
    }

    /** Runs the command; what the user must fix prints as one message, with exit code 2. */
    public static int execute(PrintWriter out, PrintWriter err, String... args) {
        CommandLine cli = new CommandLine(new AnalyzeCli());
        cli.setOut(out);
        cli.setErr(err);
        return CommandLines.execute(cli, args);
    }

    public static void main(String[] args) {
        // FFmpeg prints each file's streams and every option it ignored at INFO: noise between the
        // start line, the progress and the summary. Its warnings and errors still show.
        avutil.av_log_set_level(avutil.AV_LOG_WARNING);
        System.exit(
                execute(
                        new PrintWriter(System.out, true),
                        new PrintWriter(System.err, true),
                        args));
    }
}
