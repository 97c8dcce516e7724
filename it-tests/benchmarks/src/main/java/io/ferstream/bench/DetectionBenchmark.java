package io.ferstream.bench;

import io.ferstream.config.cli.CommandLines;
import io.ferstream.inference.FaceAnalyzer;
import io.ferstream.inference.FaceAnalyzerConfig;
import io.ferstream.inference.model.LoadedModel;
import io.ferstream.inference.model.ModelDescriptor;
import io.ferstream.inference.model.ModelLoader;
import io.ferstream.inference.model.ModelsDirectory;
import io.ferstream.inference.runtime.OrtRuntime;
import io.ferstream.scenes.FixtureLibrary;
import io.ferstream.scenes.SceneGenerator;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * What tiled detection and detect-every-N buy and cost: recall by face size and false positives on
 * scenes with known faces ({@code it-tests/scenes}), on today's fixture photos, and frames per
 * second, for each way of searching frames. Real models on the CPU. Prints markdown tables on
 * stdout, progress on stderr. No assertions.
 *
 * <pre>
 * it-tests/bench.sh detection [--configs whole,96,64,48,32] [--intervals 1,3] [--frames 6]
 *     [--threads 1] [--quick]
 * it-tests/bench.sh detection --calibrate [--frames 12]
 * </pre>
 */
@Command(
        name = "detection-benchmark",
        mixinStandardHelpOptions = true,
        description =
                "Recall by face size, false positives and frames/s of whole-frame and tiled"
                        + " detection, every frame or every N; or, with --calibrate, the detector's"
                        + " smallest reliable face in input pixels. Prints markdown tables.")
public final class DetectionBenchmark implements Callable<Integer> {

    @Option(
            names = "--configs",
            split = ",",
            defaultValue = "whole,96,64,48,32",
            description =
                    "Ways to search a frame: 'whole' (one look, today's) or the smallest face to"
                            + " find in pixels (detection.min-face-px). Default: ${DEFAULT-VALUE}")
    List<String> configs;

    @Option(
            names = "--intervals",
            split = ",",
            defaultValue = "1,3",
            description =
                    "Detect every this many frames on the moving sequences (detection.interval)."
                            + " Default: ${DEFAULT-VALUE}")
    int[] intervals;

    @Option(
            names = "--frames",
            description =
                    "Size scenes per face width (default 6, --quick 2); with --calibrate, frames"
                            + " per width and frame size (default 12, --quick 3)")
    Integer frames;

    @Option(
            names = "--group-scenes",
            description =
                    "Scenes per group photo and face width, at different places (default 2,"
                            + " --quick 1)")
    Integer groupScenes;

    @Option(
            names = "--sequence-frames",
            description = "Frames of each moving sequence (default 30, --quick 9)")
    Integer sequenceFrames;

    @Option(
            names = "--moving-sizes",
            split = ",",
            description =
                    "Face widths of the moving sequences, one camera each (default all the size"
                            + " bins, --quick 32,64,128)")
    List<Integer> movingSizes;

    @Option(
            names = "--warmup",
            description =
                    "Frames analysed before each configuration is measured, not counted (default"
                            + " 8, --quick 2)")
    Integer warmup;

    @Option(
            names = "--threads",
            defaultValue = "1",
            description =
                    "Intra-op threads of each ONNX Runtime session (inference.threads). Default:"
                            + " ${DEFAULT-VALUE}")
    int threads;

    @Option(
            names = "--in-flight",
            defaultValue = "4",
            description =
                    "Frames in the analyzer at once, over all cameras (the async operator's"
                            + " capacity). Default: ${DEFAULT-VALUE}")
    int inFlight;

    @Option(
            names = "--smallest-face",
            description =
                    "Use this decoder.smallestFace (input px) instead of the descriptor's, to see"
                            + " what a measured value changes: tiles are laid by it")
    Float smallestFace;

    @Option(
            names = "--detector",
            description =
                    "Another detector descriptor (e.g. the detector at a larger input, from"
                            + " models/face-api/convert.py --detector-size), instead of"
                            + " face-api/tiny_face_detector.json")
    Path detectorDescriptor;

    @Option(
            names = "--tile-score",
            description =
                    "Use this decoder.tileScoreThreshold instead of the descriptor's: the score a"
                            + " detection in a tile must exceed")
    Float tileScore;

    @Option(
            names = "--seed",
            defaultValue = "1",
            description = "Seed of every scene. Default: ${DEFAULT-VALUE}")
    long seed;

    @Option(
            names = "--list-false-positives",
            description =
                    "Also list every false positive on the size and group scenes (those on the"
                            + " fixture photos are always listed)")
    boolean listFalsePositives;

    @Option(names = "--quick", description = "A short run: fewer frames of every kind")
    boolean quick;

    @Option(
            names = "--calibrate",
            description =
                    "Measure whole-look recall by face width in detector input pixels instead,"
                            + " to read decoder.smallestFace off")
    boolean calibrate;

    @Option(
            names = "--calibration-widths",
            split = ",",
            defaultValue = "16,20,24,28,32,36,40,44,48,52,56,60,64,72,80",
            description = "Face widths for --calibrate, in input px. Default: ${DEFAULT-VALUE}")
    int[] calibrationWidths;

    private final String commandLine;

    DetectionBenchmark(String commandLine) {
        this.commandLine = commandLine;
    }

    public static void main(String[] args) {
        String commandLine = "it-tests/bench.sh detection " + String.join(" ", args);
        System.exit(
                CommandLines.execute(
                        new CommandLine(new DetectionBenchmark(commandLine.trim())), args));
    }

    @Override
    public Integer call() throws Exception {
        List<DetectionReport.Config> parsed = check();
        Path models = ModelsDirectory.locate();
        LoadedModel detector =
                ModelLoader.load(
                        detectorDescriptor != null
                                ? detectorDescriptor
                                : models.resolve("face-api/tiny_face_detector.json"));
        if (smallestFace != null || tileScore != null) {
            ModelDescriptor.Decoder d = detector.descriptor().decoder();
            detector =
                    withDecoder(
                            detector,
                            smallestFace != null ? smallestFace : d.smallestFace(),
                            tileScore != null ? tileScore : d.tileScoreThreshold());
        }
        LoadedModel classifier = ModelLoader.load(models.resolve("face-api/face_expression.json"));
        CountingBatcherMetrics detectorMetrics = new CountingBatcherMetrics();
        CountingBatcherMetrics classifierMetrics = new CountingBatcherMetrics();
        PrintStream out = System.out;
        long started = System.nanoTime();
        try (FaceAnalyzer analyzer =
                FaceAnalyzer.open(
                        detector,
                        classifier,
                        FaceAnalyzerConfig.cpu(threads),
                        detectorMetrics,
                        classifierMetrics)) {
            SceneRunner runner =
                    new SceneRunner(analyzer, detectorMetrics, classifierMetrics, inFlight);
            log("loading the fixtures");
            FixtureLibrary fixtures = FixtureLibrary.load();
            out.print(header(detector));
            if (calibrate) {
                int input = detector.descriptor().input().width();
                int[] widths = Arrays.stream(calibrationWidths).sorted().distinct().toArray();
                int perWidth = or(frames, 12, 3);
                out.printf(
                        "%n## Whole-look recall by face width in detector input pixels%n%n"
                                + "%d frames per width and frame size, up to %d faces each;"
                                + " matched one to one, greedily, at IoU >= %.1f.%n%n",
                        perWidth, DetectionWorkload.FACES_PER_FRAME, GreedyMatching.MIN_IOU);
                log("calibrating");
                out.print(
                        new DetectorCalibration(fixtures, runner, input)
                                .measure(widths, perWidth, seed));
            } else {
                measure(parsed, fixtures, analyzer, runner, out);
            }
        }
        out.printf("%nWhole run: %.0f s.%n", (System.nanoTime() - started) / 1e9);
        return 0;
    }

    private void measure(
            List<DetectionReport.Config> parsed,
            FixtureLibrary fixtures,
            FaceAnalyzer analyzer,
            SceneRunner runner,
            PrintStream out)
            throws Exception {
        log("building scenes");
        long t = System.nanoTime();
        DetectionWorkload workload =
                DetectionWorkload.build(
                        fixtures,
                        or(frames, 6, 2),
                        or(groupScenes, 2, 1),
                        movingSizes != null
                                ? movingSizes
                                : quick ? List.of(32, 64, 128) : SceneGenerator.FACE_SIZES,
                        or(sequenceFrames, 30, 9),
                        seed);
        log(String.format("scenes built in %.0f s", (System.nanoTime() - t) / 1e9));
        out.print(describe(workload));

        List<DetectionReport.ConfigResult> results = new ArrayList<>();
        for (DetectionReport.Config config : parsed) {
            results.add(measure(config, workload, analyzer, runner));
        }
        out.printf(
                "%n## Size scenes: recall by face width%n%nTrue faces: %s.%n%n%s",
                DetectionWorkload.truthPerBin(workload.sizeScenes()),
                DetectionReport.recallBySize(results, false));
        out.printf(
                "%n## Group scenes: recall by median face width of the photo%n%nTrue faces:"
                        + " %s.%n%n%s",
                DetectionWorkload.truthPerBin(workload.groupScenes()),
                DetectionReport.recallBySize(results, true));
        out.printf(
                "%n## Fixture photos as they are: faces found of face-api's, false positives%n%n"
                        + "%s",
                DetectionReport.fixtures(results));
        out.printf(
                "%n## Moving sequences: recall by face width%n%nTrue faces: %s. Labels of every"
                    + " frame kept: of the true faces both detect-every-1 and this interval"
                    + " labelled in the same frame, the share with the same label: per frame, each"
                    + " face's most probable expression; on tracks, the label the job's tracker"
                    + " (default tracking.*, frames 100 ms apart) holds for the face's confirmed"
                    + " track, which is what the events carry.%n%n%s",
                DetectionWorkload.truthPerBin(workload.moving()), DetectionReport.moving(results));
        out.printf(
                "%n## Moving sequences: throughput%n%n"
                        + "Frames/s: wall time of all %d frames of the moving sequences, after"
                        + " warm-up, decoding (OpenCV, on the driving thread) included.%n%n%s",
                TestCamera.frameCount(workload.moving()), DetectionReport.throughput(results));
        if (listFalsePositives) {
            out.printf(
                    "%n## False positives on the size and group scenes%n%n%s",
                    DetectionReport.sceneFalsePositives(results));
        }
    }

    private DetectionReport.ConfigResult measure(
            DetectionReport.Config config,
            DetectionWorkload workload,
            FaceAnalyzer analyzer,
            SceneRunner runner)
            throws Exception {
        log("measuring " + config.label());
        runner.run(warmupCameras(workload), config.settings());
        SceneRunner.Pass sizes = runner.run(workload.sizeScenes(), config.settings());
        SceneRunner.Pass groups = runner.run(workload.groupScenes(), config.settings());
        List<String> sceneFalsePositives = new ArrayList<>();
        if (listFalsePositives) {
            sceneFalsePositives.addAll(DetectionReport.falsePositives(sizes));
            sceneFalsePositives.addAll(DetectionReport.falsePositives(groups));
        }
        SceneRunner.Pass photos = runner.run(workload.fixturePhotos(), config.settings());
        Map<String, DetectionScore> byPhoto = new LinkedHashMap<>();
        for (SceneRunner.Analyzed analyzed : photos.frames()) {
            byPhoto.put(analyzed.frame().name(), DetectionScore.of(List.of(analyzed)));
        }
        Map<Integer, SceneRunner.Pass> passes = new LinkedHashMap<>();
        for (int interval : intervals) {
            SceneRunner.Pass pass =
                    runner.run(workload.moving(), config.settings().withInterval(interval));
            passes.put(interval, pass);
            log(String.format("  every %d: %.2f frames/s", interval, pass.framesPerSecond()));
        }
        SceneRunner.Pass everyFrame = passes.get(1);
        int[][] everyFrameLabels = null;
        int[][] everyFrameTracked = null;
        if (everyFrame != null) {
            everyFrameLabels = FaceLabels.perFrame(everyFrame.frames());
            everyFrameTracked = FaceLabels.onTracks(everyFrame.frames(), analyzer.labels());
        }
        List<DetectionReport.MovingResult> moving = new ArrayList<>();
        for (var entry : passes.entrySet()) {
            int interval = entry.getKey();
            SceneRunner.Pass pass = entry.getValue();
            boolean compare = interval != 1 && everyFrame != null;
            moving.add(
                    new DetectionReport.MovingResult(
                            interval,
                            DetectionScore.of(pass.frames()),
                            pass,
                            compare
                                    ? LabelAgreement.between(
                                            everyFrameLabels, FaceLabels.perFrame(pass.frames()))
                                    : null,
                            compare
                                    ? LabelAgreement.between(
                                            everyFrameTracked,
                                            FaceLabels.onTracks(pass.frames(), analyzer.labels()))
                                    : null));
        }
        return new DetectionReport.ConfigResult(
                config,
                analyzer.detector()
                        .looks(
                                SceneGenerator.FULL_HD_WIDTH,
                                SceneGenerator.FULL_HD_HEIGHT,
                                config.settings()),
                DetectionScore.of(sizes.frames()),
                DetectionScore.of(groups.frames()),
                byPhoto,
                DetectionScore.of(photos.frames()),
                DetectionReport.falsePositives(photos),
                sceneFalsePositives,
                moving);
    }

    /** The first frames of the moving cameras, one camera after another, as many as asked. */
    private List<TestCamera> warmupCameras(DetectionWorkload workload) {
        int wanted = or(warmup, 8, 2);
        List<TestCamera> cameras = new ArrayList<>();
        for (TestCamera camera : workload.moving()) {
            int take = Math.min(wanted, camera.frames().size());
            cameras.add(new TestCamera(camera.name(), camera.frames().subList(0, take)));
            wanted -= take;
            if (wanted == 0) {
                break;
            }
        }
        return cameras;
    }

    private String header(LoadedModel detector) {
        ModelDescriptor.Decoder decoder = detector.descriptor().decoder();
        int input = detector.descriptor().input().width();
        return String.format(
                "# Detection benchmark%n%n"
                        + "Command: `%s`%n"
                        + "Machine: %s, %d logical cores visible to the JVM, Java %s, ONNX Runtime"
                        + " %s, CPU provider, %d intra-op thread(s) per session, %d frame(s) in"
                        + " flight, detector batches of up to %d.%n"
                        + "Detector: %s %s, input %dx%d, score threshold %.2f, in tiles %.2f%s;"
                        + " decoder.smallestFace %s.%n"
                        + "Matching: detections and true faces paired one to one, greedily by"
                        + " IoU (best pair first), at IoU >= %.1f; a true face paired is found,"
                        + " a detection unpaired is a false positive (FP).%n",
                commandLine,
                Machine.cpuModel(),
                Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"),
                OrtRuntime.environment().getVersion(),
                threads,
                inFlight,
                FaceAnalyzerConfig.cpu(threads).detectorBatching().maxBatch(),
                detector.name(),
                detector.version(),
                input,
                detector.descriptor().input().height(),
                decoder.scoreThreshold(),
                decoder.effectiveTileScoreThreshold(),
                tileScore != null ? " (--tile-score)" : "",
                decoder.smallestFace() > 0
                        ? String.format(
                                "%.1f input px%s",
                                decoder.smallestFace(),
                                smallestFace != null ? " (--smallest-face)" : "")
                        : String.format(
                                "unset, so tiles are laid for a tenth of the input (%.1f px)",
                                input / 10.0),
                GreedyMatching.MIN_IOU);
    }

    private static String describe(DetectionWorkload workload) {
        return String.format(
                "Scenes (it-tests/scenes, 1920x1080, JPEG quality 0.9, decoded by OpenCV):"
                        + " %d size scenes, %d group scenes, %d fixture photos at their own size,"
                        + " %d moving sequences of %d frames.%n",
                workload.sizeScenes().size(),
                workload.groupScenes().size(),
                workload.fixturePhotos().size(),
                workload.moving().size(),
                workload.moving().isEmpty() ? 0 : workload.moving().get(0).frames().size());
    }

    /** The detector with another smallest face (tiles are laid by it) and tile score threshold. */
    static LoadedModel withDecoder(LoadedModel model, float smallestFacePx, float tileScore) {
        ModelDescriptor d = model.descriptor();
        ModelDescriptor.Decoder c = d.decoder();
        ModelDescriptor.Decoder decoder =
                new ModelDescriptor.Decoder(
                        c.type(),
                        c.gridLayout(),
                        c.gridSize(),
                        c.stride(),
                        c.anchors(),
                        c.classes(),
                        c.boxEncoding(),
                        c.scaleToFrame(),
                        c.scoreThreshold(),
                        c.iouThreshold(),
                        c.maxDetections(),
                        smallestFacePx,
                        tileScore);
        ModelDescriptor changed =
                new ModelDescriptor(
                                d.name(),
                                d.version(),
                                d.task(),
                                d.file(),
                                d.sha256(),
                                d.input(),
                                d.labels(),
                                d.outputs(),
                                decoder,
                                d.fp16(),
                                d.license(),
                                d.provenance(),
                                d.regions(),
                                d.recognisesExpressions(),
                                d.warning())
                        .validate();
        return new LoadedModel(
                changed, model.descriptorFile(), model.modelFile(), model.fp16File());
    }

    private List<DetectionReport.Config> check() {
        List<String> problems = new ArrayList<>();
        List<DetectionReport.Config> parsed = new ArrayList<>();
        for (String config : configs) {
            try {
                parsed.add(DetectionReport.Config.parse(config));
            } catch (IllegalArgumentException e) {
                problems.add(e.getMessage());
            }
        }
        if (threads < 1) {
            problems.add("--threads must be >= 1, got " + threads);
        }
        if (inFlight < 1) {
            problems.add("--in-flight must be >= 1, got " + inFlight);
        }
        if (Arrays.stream(intervals).anyMatch(i -> i < 1)) {
            problems.add("--intervals must be 1 or more, got " + Arrays.toString(intervals));
        }
        for (Integer n : Arrays.asList(frames, groupScenes, sequenceFrames)) {
            if (n != null && n < 1) {
                problems.add("--frames, --group-scenes and --sequence-frames must be >= 1");
            }
        }
        if (warmup != null && warmup < 0) {
            problems.add("--warmup must be >= 0, got " + warmup);
        }
        if (smallestFace != null && !(smallestFace > 0)) {
            problems.add("--smallest-face must be a positive width in input px");
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
        return parsed;
    }

    /** The value given, else the full run's or the quick run's default. */
    private int or(Integer given, int full, int quickDefault) {
        return given != null ? given : quick ? quickDefault : full;
    }

    private static void log(String message) {
        System.err.println("[detection-bench] " + message);
    }
}
