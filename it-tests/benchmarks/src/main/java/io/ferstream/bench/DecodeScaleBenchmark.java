package io.ferstream.bench;

import io.ferstream.config.cli.CommandLines;
import io.ferstream.image.ImageHeader;
import io.ferstream.inference.Face;
import io.ferstream.inference.FaceAnalyzer;
import io.ferstream.inference.FaceAnalyzerConfig;
import io.ferstream.inference.batch.BatcherMetrics;
import io.ferstream.inference.detection.DetectionSettings;
import io.ferstream.inference.image.DecodeScales;
import io.ferstream.inference.image.FramePixels;
import io.ferstream.inference.image.ImageDecoder;
import io.ferstream.inference.image.ImageDecoderConfig;
import io.ferstream.inference.model.LoadedModel;
import io.ferstream.inference.model.ModelLoader;
import io.ferstream.inference.model.ModelsDirectory;
import io.ferstream.scenes.FixtureLibrary;
import io.ferstream.scenes.SceneGenerator;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Decoding fewer pixels ({@code image.max-downscale}, JPEG DCT scaling) against decoding them all:
 * on the fixture photos and generated 1080p scenes with faces of every size, the faces found and
 * their labels with each largest scale compared with a full decode (boxes' IoU, score and
 * probability differences, same top label), and the decoding a frame's analysis costs. Prints
 * markdown. See it-tests/bench.sh.
 */
@Command(
        name = "decode-scale-benchmark",
        mixinStandardHelpOptions = true,
        description = "Parity and decode cost of image.max-downscale against full decoding.")
public final class DecodeScaleBenchmark implements Callable<Integer> {

    @Option(
            names = "--scales",
            split = ",",
            defaultValue = "2,4,8",
            description = "Largest scales compared with 1. Default: ${DEFAULT-VALUE}")
    int[] scales;

    @Option(
            names = "--frames-per-size",
            defaultValue = "2",
            description =
                    "Generated scenes per face width (8 faces each). Default: ${DEFAULT-VALUE}")
    int framesPerSize;

    @Option(
            names = "--repeats",
            defaultValue = "7",
            description = "Decodes timed per frame and scale (median). Default: ${DEFAULT-VALUE}")
    int repeats;

    /** Faces paired across two analyses when their boxes overlap this much. */
    private static final double MIN_IOU = 0.4;

    public static void main(String[] args) {
        System.exit(CommandLines.execute(new CommandLine(new DecodeScaleBenchmark()), args));
    }

    /** One frame's encoded bytes and where it comes from. */
    private record Frame(String source, byte[] jpeg, ImageHeader header) {}

    /** Totals of one largest scale against full decoding. */
    private static final class Tally {
        int frames;
        int referenceFaces;
        int faces;
        int paired;
        int sameLabel;
        double iouSum;
        double minIou = 1;
        double maxScoreDiff;
        double maxProbabilityDiff;
        double decodeMillis;
        int croppedReduced;
    }

    @Override
    public Integer call() throws Exception {
        List<Frame> frames = frames();
        Path models = ModelsDirectory.locate();
        LoadedModel detector = ModelLoader.load(models.resolve("face-api/tiny_face_detector.json"));
        LoadedModel classifier = ModelLoader.load(models.resolve("face-api/face_expression.json"));
        int classifierSide =
                Math.min(
                        classifier.descriptor().input().width(),
                        classifier.descriptor().input().height());
        ImageDecoder full = new ImageDecoder(ImageDecoderConfig.defaults());
        Tally reference = new Tally();
        List<Tally> tallies = new ArrayList<>();
        try (FaceAnalyzer analyzer =
                FaceAnalyzer.open(
                        detector,
                        classifier,
                        FaceAnalyzerConfig.cpu(1),
                        BatcherMetrics.NOOP,
                        BatcherMetrics.NOOP)) {
            List<List<Face>> referenceFaces = new ArrayList<>();
            for (Frame frame : frames) {
                List<Face> faces =
                        analyse(analyzer, FramePixels.of(frame.jpeg, frame.header, full));
                referenceFaces.add(faces);
                reference.frames++;
                reference.referenceFaces += faces.size();
                reference.decodeMillis += decodeMillis(full, frame, 1);
            }
            for (int max : scales) {
                ImageDecoder decoder =
                        new ImageDecoder(ImageDecoderConfig.defaults().withMaxDownscale(max));
                Tally t = new Tally();
                for (int i = 0; i < frames.size(); i++) {
                    Frame frame = frames.get(i);
                    FramePixels pixels = FramePixels.of(frame.jpeg, frame.header, decoder);
                    List<Face> faces = analyse(analyzer, pixels);
                    compare(referenceFaces.get(i), faces, t);
                    // the scales this frame's analysis decoded: the detector's, each face's
                    TreeSet<Integer> used = new TreeSet<>();
                    used.add(analyzer.detectionScale(pixels, DetectionSettings.WHOLE_FRAME));
                    for (Face face : faces) {
                        int scale =
                                DecodeScales.forFace(
                                        face.crop().width(),
                                        face.crop().height(),
                                        classifierSide,
                                        pixels.maxScale());
                        used.add(scale);
                        t.croppedReduced += scale > 1 ? 1 : 0;
                    }
                    for (int scale : used) {
                        t.decodeMillis += decodeMillis(decoder, frame, scale);
                    }
                }
                tallies.add(t);
                log("max-downscale " + max + " done");
            }
        }
        System.out.print(report(frames, reference, tallies));
        return 0;
    }

    private static List<Face> analyse(FaceAnalyzer analyzer, FramePixels pixels) throws Exception {
        pixels.at(analyzer.detectionScale(pixels, DetectionSettings.WHOLE_FRAME));
        return analyzer.analyzeAsync(pixels, DetectionSettings.WHOLE_FRAME).get();
    }

    private List<Frame> frames() throws Exception {
        log("building the frames");
        FixtureLibrary fixtures = FixtureLibrary.load();
        DetectionWorkload workload =
                DetectionWorkload.build(fixtures, framesPerSize, 1, List.of(), 0, 7);
        List<Frame> frames = new ArrayList<>();
        for (List<TestCamera> cameras :
                List.of(workload.fixturePhotos(), workload.sizeScenes(), workload.groupScenes())) {
            for (TestCamera camera : cameras) {
                for (TestCamera.Frame f : camera.frames()) {
                    frames.add(new Frame(f.name(), f.image(), ImageHeader.read(f.image())));
                }
            }
        }
        return frames;
    }

    /** Pairs the faces by box overlap, greedily from the largest overlap. */
    private static void compare(List<Face> reference, List<Face> faces, Tally t) {
        t.frames++;
        t.referenceFaces += reference.size();
        t.faces += faces.size();
        boolean[] taken = new boolean[faces.size()];
        for (Face ref : reference) {
            int best = -1;
            double bestIou = MIN_IOU;
            for (int j = 0; j < faces.size(); j++) {
                double iou = ref.detection().iou(faces.get(j).detection());
                if (!taken[j] && iou >= bestIou) {
                    best = j;
                    bestIou = iou;
                }
            }
            if (best < 0) {
                continue;
            }
            taken[best] = true;
            Face face = faces.get(best);
            t.paired++;
            t.iouSum += bestIou;
            t.minIou = Math.min(t.minIou, bestIou);
            t.maxScoreDiff =
                    Math.max(
                            t.maxScoreDiff,
                            Math.abs(ref.detection().score() - face.detection().score()));
            float[] a = ref.probabilities();
            float[] b = face.probabilities();
            for (int k = 0; k < a.length; k++) {
                t.maxProbabilityDiff = Math.max(t.maxProbabilityDiff, Math.abs(a[k] - b[k]));
            }
            t.sameLabel += top(a) == top(b) ? 1 : 0;
        }
    }

    private static int top(float[] p) {
        int best = 0;
        for (int k = 1; k < p.length; k++) {
            if (p[k] > p[best]) {
                best = k;
            }
        }
        return best;
    }

    private double decodeMillis(ImageDecoder decoder, Frame frame, int scale) throws Exception {
        double[] millis = new double[repeats];
        for (int r = 0; r < repeats; r++) {
            long start = System.nanoTime();
            decoder.decode(frame.jpeg, frame.header, scale);
            millis[r] = (System.nanoTime() - start) / 1e6;
        }
        Arrays.sort(millis);
        return millis[repeats / 2];
    }

    private String report(List<Frame> frames, Tally reference, List<Tally> tallies) {
        StringBuilder out = new StringBuilder();
        out.append("\n## Decoding fewer pixels: image.max-downscale against full decoding\n\n");
        out.append(
                String.format(
                        "Machine: %s, %d cores. Frames: %d (the %d fixture photos, generated"
                            + " 1920x1080 scenes with faces of %s px and group photos, JPEG at"
                            + " camera quality); %d faces found with full decoding. Decode times:"
                            + " median of %d, one thread.%n%n",
                        Machine.cpuModel(),
                        Runtime.getRuntime().availableProcessors(),
                        frames.size(),
                        FixtureLibrary.REFERENCE_PHOTOS.size(),
                        SceneGenerator.FACE_SIZES,
                        reference.referenceFaces,
                        repeats));
        out.append(
                "| max-downscale | decode ms per frame | faces found | paired with full"
                        + " decoding | mean / min IoU | max score diff | max probability diff |"
                        + " same top label | faces cropped from a reduced frame |\n");
        out.append("|---:|---:|---:|---:|---|---:|---:|---:|---:|\n");
        out.append(
                String.format(
                        "| 1 | %.2f | %d | | | | | | |%n",
                        reference.decodeMillis / reference.frames, reference.referenceFaces));
        for (int i = 0; i < tallies.size(); i++) {
            Tally t = tallies.get(i);
            out.append(
                    String.format(
                            "| %d | %.2f | %d | %d of %d | %.3f / %.3f | %.3f | %.3f | %d of %d"
                                    + " (%.1f %%) | %d |%n",
                            scales[i],
                            t.decodeMillis / t.frames,
                            t.faces,
                            t.paired,
                            t.referenceFaces,
                            t.paired == 0 ? Double.NaN : t.iouSum / t.paired,
                            t.minIou,
                            t.maxScoreDiff,
                            t.maxProbabilityDiff,
                            t.sameLabel,
                            t.paired,
                            100.0 * t.sameLabel / Math.max(1, t.paired),
                            t.croppedReduced));
        }
        return out.toString();
    }

    private static void log(String message) {
        System.err.println("[decode-scale] " + message);
    }
}
