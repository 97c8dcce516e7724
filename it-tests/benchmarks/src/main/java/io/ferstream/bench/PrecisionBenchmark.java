package io.ferstream.bench;

import io.ferstream.bench.FaceParity.Frame;
import io.ferstream.config.cli.CommandLines;
import io.ferstream.inference.Face;
import io.ferstream.inference.FaceAnalyzer;
import io.ferstream.inference.FaceAnalyzerConfig;
import io.ferstream.inference.batch.BatcherMetrics;
import io.ferstream.inference.image.FramePixels;
import io.ferstream.inference.image.ImageDecoder;
import io.ferstream.inference.model.LoadedModel;
import io.ferstream.inference.model.ModelLoader;
import io.ferstream.inference.model.ModelsDirectory;
import io.ferstream.inference.runtime.OrtRuntime;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * A reduced-precision variant of the detector and the classifier (the INT8 QDQ graphs of
 * models/face-api/quantize.py) against the FP32 models they come from: parity of the whole analysis
 * on the parity frames ({@link FaceParity}: boxes' IoU, score and probability differences, same top
 * label) with each variant alone and both, and each model's speed per batch size on the CPU. The
 * speed of a variant and its reference is timed call by call in turn, so drift of the machine
 * cancels out of their ratio. Prints markdown. See it-tests/bench.sh.
 */
@Command(
        name = "precision-benchmark",
        mixinStandardHelpOptions = true,
        description = "Parity and speed of reduced-precision model variants against FP32.")
public final class PrecisionBenchmark implements Callable<Integer> {

    @Option(
            names = "--detector",
            defaultValue = "face-api/tiny_face_detector.json",
            description = "Reference detector descriptor under models/. Default: ${DEFAULT-VALUE}")
    String detector;

    @Option(
            names = "--detector-variant",
            defaultValue = "face-api/tiny_face_detector_int8.json",
            description = "The detector's variant. Default: ${DEFAULT-VALUE}")
    String detectorVariant;

    @Option(
            names = "--classifier",
            defaultValue = "face-api/face_expression.json",
            description = "Reference classifier descriptor. Default: ${DEFAULT-VALUE}")
    String classifier;

    @Option(
            names = "--classifier-variant",
            defaultValue = "face-api/face_expression_int8.json",
            description = "The classifier's variant. Default: ${DEFAULT-VALUE}")
    String classifierVariant;

    @Mixin ParityFramesOptions parityFrames;

    @Option(
            names = "--batches",
            split = ",",
            defaultValue = "1,4,16",
            description = "Batch sizes timed. Default: ${DEFAULT-VALUE}")
    int[] batches;

    @Option(
            names = "--calls",
            defaultValue = "60",
            description =
                    "Timed calls per model and batch size, after as many to warm up (median)."
                            + " Default: ${DEFAULT-VALUE}")
    int calls;

    @Option(
            names = "--threads",
            defaultValue = "1",
            description = "Intra-op threads of every session. Default: ${DEFAULT-VALUE}")
    int threads;

    public static void main(String[] args) {
        System.exit(CommandLines.execute(new CommandLine(new PrecisionBenchmark()), args));
    }

    @Override
    public Integer call() throws Exception {
        if (calls < 1 || threads < 1 || Arrays.stream(batches).anyMatch(b -> b < 1)) {
            throw new IllegalArgumentException("--calls, --threads and --batches must be >= 1");
        }
        Path models = ModelsDirectory.locate();
        StringBuilder out = new StringBuilder();
        out.append("\n## Reduced precision: variants against the FP32 models\n\n");
        out.append(
                String.format(
                        "Machine: %s, %d cores, Java %s, ONNX Runtime %s, CPU provider, %d intra-op"
                                + " thread(s).%n",
                        Machine.cpuModel(),
                        Runtime.getRuntime().availableProcessors(),
                        System.getProperty("java.version"),
                        OrtRuntime.environment().getVersion(),
                        threads));
        out.append(parity(models));
        out.append(speed(models));
        System.out.print(out);
        return 0;
    }

    /** The whole analysis with each variant alone and with both, against both references. */
    private String parity(Path models) throws Exception {
        log("building the frames");
        List<Frame> frames = parityFrames.frames();
        List<List<Face>> reference = analyseAll(models, detector, classifier, frames);
        String[][] pairs = {
            {detectorVariant, classifier},
            {detector, classifierVariant},
            {detectorVariant, classifierVariant}
        };
        int referenceFaces = reference.stream().mapToInt(List::size).sum();
        StringBuilder out = new StringBuilder();
        out.append(
                String.format(
                        "%n%s; %d faces found by the reference pair (%s, %s).%n%n",
                        FaceParity.describe(frames), referenceFaces, detector, classifier));
        out.append("| detector | classifier | ").append(FaceParity.HEADER).append(" |\n");
        out.append("|---|---|---:|---:|---|---:|---:|---:|\n");
        for (String[] pair : pairs) {
            List<List<Face>> found = analyseAll(models, pair[0], pair[1], frames);
            FaceParity parity = new FaceParity();
            for (int i = 0; i < frames.size(); i++) {
                parity.add(reference.get(i), found.get(i));
            }
            out.append(String.format("| %s | %s | %s |%n", pair[0], pair[1], parity.cells()));
        }
        return out.toString();
    }

    private List<List<Face>> analyseAll(
            Path models, String detectorFile, String classifierFile, List<Frame> frames)
            throws Exception {
        log("analysing with " + detectorFile + " and " + classifierFile);
        LoadedModel det = ModelLoader.load(models.resolve(detectorFile));
        LoadedModel cls = ModelLoader.load(models.resolve(classifierFile));
        ImageDecoder decoder = new ImageDecoder();
        List<List<Face>> faces = new ArrayList<>();
        try (FaceAnalyzer analyzer =
                FaceAnalyzer.open(
                        det,
                        cls,
                        FaceAnalyzerConfig.cpu(threads),
                        BatcherMetrics.NOOP,
                        BatcherMetrics.NOOP)) {
            for (Frame frame : frames) {
                faces.add(
                        FaceParity.analyse(
                                analyzer, FramePixels.of(frame.jpeg(), frame.header(), decoder)));
            }
        }
        return faces;
    }

    /** Each model and its variant, timed call by call in turn at each batch size. */
    private String speed(Path models) throws Exception {
        StringBuilder out = new StringBuilder();
        out.append(
                String.format(
                        "%nSpeed: the fixture frames and the faces the reference detector finds in"
                                + " them, cycled to fill each batch; per batch size %d warm-up"
                                + " calls, then %d timed calls of each model in turn (median).%n%n",
                        calls, calls));
        out.append(
                "| model | variant | batch | reference ms per call | variant ms per call |"
                        + " variant speed-up |\n");
        out.append("|---|---|---:|---:|---:|---:|\n");
        try (InferenceJmh.Model refDetector = InferenceJmh.Model.open(models, detector, threads);
                InferenceJmh.Model varDetector =
                        InferenceJmh.Model.open(models, detectorVariant, threads);
                InferenceJmh.Model refClassifier =
                        InferenceJmh.Model.open(models, classifier, threads);
                InferenceJmh.Model varClassifier =
                        InferenceJmh.Model.open(models, classifierVariant, threads)) {
            InferenceJmh.Inputs inputs = InferenceJmh.Inputs.detect(models, refDetector);
            List<float[]> faces = inputs.faces(refClassifier.preprocessor);
            for (int batch : batches) {
                out.append(row(refDetector, varDetector, inputs.frames(), batch));
            }
            for (int batch : batches) {
                out.append(row(refClassifier, varClassifier, faces, batch));
            }
        }
        return out.toString();
    }

    private String row(
            InferenceJmh.Model reference,
            InferenceJmh.Model variant,
            List<float[]> items,
            int batch)
            throws Exception {
        log("timing " + reference.name() + " and " + variant.name() + " at batch " + batch);
        List<float[]> inputs = InferenceJmh.cycle(items, batch);
        double[] referenceMillis = new double[calls];
        double[] variantMillis = new double[calls];
        for (int i = -calls; i < calls; i++) {
            double r = millis(reference, inputs);
            double v = millis(variant, inputs);
            if (i >= 0) {
                referenceMillis[i] = r;
                variantMillis[i] = v;
            }
        }
        double ref = median(referenceMillis);
        double var = median(variantMillis);
        return String.format(
                "| %s | %s | %d | %.2f | %.2f | %.2fx |%n",
                reference.name(), variant.name(), batch, ref, var, ref / var);
    }

    private static double millis(InferenceJmh.Model model, List<float[]> inputs) throws Exception {
        long start = System.nanoTime();
        model.runner.run(inputs);
        return (System.nanoTime() - start) / 1e6;
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static void log(String message) {
        System.err.println("[precision] " + message);
    }
}
