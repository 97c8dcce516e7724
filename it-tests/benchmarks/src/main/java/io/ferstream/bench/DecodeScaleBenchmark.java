package io.ferstream.bench;

import io.ferstream.bench.FaceParity.Frame;
import io.ferstream.config.cli.CommandLines;
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
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
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

    @Mixin ParityFramesOptions parityFrames;

    @Option(
            names = "--repeats",
            defaultValue = "7",
            description = "Decodes timed per frame and scale (median). Default: ${DEFAULT-VALUE}")
    int repeats;

    public static void main(String[] args) {
        System.exit(CommandLines.execute(new CommandLine(new DecodeScaleBenchmark()), args));
    }

    /** Totals of one largest scale against full decoding. */
    private static final class Tally {
        final FaceParity parity = new FaceParity();
        double decodeMillis;
        int croppedReduced;
    }

    @Override
    public Integer call() throws Exception {
        log("building the frames");
        List<Frame> frames = parityFrames.frames();
        Path models = ModelsDirectory.locate();
        LoadedModel detector = ModelLoader.load(models.resolve("face-api/tiny_face_detector.json"));
        LoadedModel classifier = ModelLoader.load(models.resolve("face-api/face_expression.json"));
        int classifierSide =
                Math.min(
                        classifier.descriptor().input().width(),
                        classifier.descriptor().input().height());
        ImageDecoder full = new ImageDecoder(ImageDecoderConfig.defaults());
        double referenceDecodeMillis = 0;
        List<List<Face>> referenceFaces = new ArrayList<>();
        List<Tally> tallies = new ArrayList<>();
        try (FaceAnalyzer analyzer =
                FaceAnalyzer.open(
                        detector,
                        classifier,
                        FaceAnalyzerConfig.cpu(1),
                        BatcherMetrics.NOOP,
                        BatcherMetrics.NOOP)) {
            for (Frame frame : frames) {
                List<Face> faces =
                        FaceParity.analyse(
                                analyzer, FramePixels.of(frame.jpeg(), frame.header(), full));
                referenceFaces.add(faces);
                referenceDecodeMillis += decodeMillis(full, frame, 1);
            }
            for (int max : scales) {
                ImageDecoder decoder =
                        new ImageDecoder(ImageDecoderConfig.defaults().withMaxDownscale(max));
                Tally t = new Tally();
                for (int i = 0; i < frames.size(); i++) {
                    Frame frame = frames.get(i);
                    FramePixels pixels = FramePixels.of(frame.jpeg(), frame.header(), decoder);
                    List<Face> faces = FaceParity.analyse(analyzer, pixels);
                    t.parity.add(referenceFaces.get(i), faces);
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
        int faceCount = referenceFaces.stream().mapToInt(List::size).sum();
        System.out.print(report(frames, referenceDecodeMillis / frames.size(), faceCount, tallies));
        return 0;
    }

    private double decodeMillis(ImageDecoder decoder, Frame frame, int scale) throws Exception {
        double[] millis = new double[repeats];
        for (int r = 0; r < repeats; r++) {
            long start = System.nanoTime();
            decoder.decode(frame.jpeg(), frame.header(), scale);
            millis[r] = (System.nanoTime() - start) / 1e6;
        }
        Arrays.sort(millis);
        return millis[repeats / 2];
    }

    private String report(
            List<Frame> frames, double referenceDecodeMillis, int faceCount, List<Tally> tallies) {
        StringBuilder out = new StringBuilder();
        out.append("\n## Decoding fewer pixels: image.max-downscale against full decoding\n\n");
        out.append(
                String.format(
                        "Machine: %s, %d cores. %s; %d faces found with full decoding. Decode"
                                + " times: median of %d, one thread.%n%n",
                        Machine.cpuModel(),
                        Runtime.getRuntime().availableProcessors(),
                        FaceParity.describe(frames),
                        faceCount,
                        repeats));
        out.append(
                "| max-downscale | decode ms per frame | "
                        + FaceParity.HEADER
                        + " | faces cropped from a reduced frame |\n");
        out.append("|---:|---:|---:|---:|---|---:|---:|---:|---:|\n");
        out.append(
                String.format("| 1 | %.2f | %d | | | | | | |%n", referenceDecodeMillis, faceCount));
        for (int i = 0; i < tallies.size(); i++) {
            Tally t = tallies.get(i);
            out.append(
                    String.format(
                            "| %d | %.2f | %s | %d |%n",
                            scales[i],
                            t.decodeMillis / frames.size(),
                            t.parity.cells(),
                            t.croppedReduced));
        }
        return out.toString();
    }

    private static void log(String message) {
        System.err.println("[decode-scale] " + message);
    }
}
