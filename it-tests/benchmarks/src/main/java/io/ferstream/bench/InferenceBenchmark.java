package io.ferstream.bench;

import io.ferstream.inference.Detection;
import io.ferstream.inference.ExpressionClassifier;
import io.ferstream.inference.FaceDetector;
import io.ferstream.inference.batch.BatcherConfig;
import io.ferstream.inference.batch.DynamicBatcher;
import io.ferstream.inference.image.ImageDecoder;
import io.ferstream.inference.image.PixelBox;
import io.ferstream.inference.image.Preprocessor;
import io.ferstream.inference.image.RgbImage;
import io.ferstream.inference.model.LoadedModel;
import io.ferstream.inference.model.ModelDescriptor;
import io.ferstream.inference.model.ModelLoader;
import io.ferstream.inference.model.ModelsDirectory;
import io.ferstream.inference.runtime.ExecutionProviderConfig;
import io.ferstream.inference.runtime.ModelSession;
import io.ferstream.inference.runtime.OrtBatchRunner;
import io.ferstream.inference.runtime.SharedSessions;
import io.ferstream.inference.TinyYoloV2Decoder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Throughput of the two face-api models on ONNX Runtime at several batch sizes, and the cost of the
 * dynamic batcher compared with calling the session directly. Prints a markdown table.
 *
 * <pre>
 * it-tests/bench.sh inference [threads] [rounds] [classifiers]
 * </pre>
 *
 * Arguments: intra-op threads (default 1), measured rounds per point (default 7, after 3 warm-up
 * rounds), comma-separated classifier descriptors under models/ to compare side by side (default
 * face-api's expression model and LNLJ; the first one is used for the batcher overhead). Inputs: the preprocessed fixture frames (models/fixtures, decoded with OpenCV) and the face
 * crops the detector finds in them, cycled to fill each batch.
 */
public final class InferenceBenchmark {

    private static final int[] BATCHES = {1, 4, 8, 16, 32};
    private static final int WARMUP = 3;

    private InferenceBenchmark() {}

    public static void main(String[] args) throws Exception {
        int threads = args.length > 0 ? Integer.parseInt(args[0]) : 1;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 7;
        Path models = ModelsDirectory.locate();
        LoadedModel detectorModel = ModelLoader.load(models.resolve("face-api/tiny_face_detector.json"));
        List<LoadedModel> classifierModels = new ArrayList<>();
        for (String descriptor : (args.length > 2 ? args[2] : "face-api/face_expression.json,lnlj/lnlj.json").split(",")) {
            classifierModels.add(ModelLoader.load(models.resolve(descriptor.trim())));
        }
        ExecutionProviderConfig provider = ExecutionProviderConfig.cpu(threads);

        try (ModelSession detector = SharedSessions.open(detectorModel, provider)) {
            ModelDescriptor det = detectorModel.descriptor();
            Preprocessor detPre = new Preprocessor(det.input());
            OrtBatchRunner detRunner = new OrtBatchRunner(detector, det.input().name(), detPre.itemShape(), FaceDetector.outputNames(det));

            // inputs: every fixture frame and every face the detector finds in them
            ImageDecoder decoder = new ImageDecoder();
            TinyYoloV2Decoder gridDecoder = new TinyYoloV2Decoder(det);
            List<float[]> frames = new ArrayList<>();
            List<RgbImage> images = new ArrayList<>();
            List<PixelBox> boxes = new ArrayList<>();
            try (var files = Files.list(models.resolve("fixtures"))) {
                for (Path file : files.filter(f -> f.toString().endsWith(".jpg")).sorted().toList()) {
                    RgbImage image = decoder.decode(Files.readAllBytes(file));
                    float[] input = detPre.tensor(image, PixelBox.of(image));
                    frames.add(input);
                    float[] grid = detRunner.run(List.of(input)).get(0)[0];
                    for (Detection d : gridDecoder.decode(grid, image.width(), image.height())) {
                        PixelBox.clipped(d.x(), d.y(), d.width(), d.height(), image.width(), image.height())
                                .ifPresent(box -> {
                                    images.add(image);
                                    boxes.add(box);
                                });
                    }
                }
            }

            StringBuilder out = new StringBuilder();
            out.append(machine(threads, rounds, frames.size(), boxes.size()));
            out.append("\n| model | batch | median ms per call | items/s |\n|---|---:|---:|---:|\n");
            for (int batch : BATCHES) {
                double ms = medianMillis(() -> detRunner.run(cycle(frames, batch)), rounds);
                out.append(row(det.name(), batch, ms));
            }
            // each classifier gets the same face boxes, preprocessed as its own descriptor says
            OrtBatchRunner firstRunner = null;
            List<float[]> firstFaces = null;
            String firstName = null;
            List<ModelSession> sessions = new ArrayList<>();
            try {
                for (LoadedModel model : classifierModels) {
                    ModelDescriptor cls = model.descriptor();
                    Preprocessor clsPre = new Preprocessor(cls.input());
                    ModelSession session = SharedSessions.open(model, provider);
                    sessions.add(session);
                    OrtBatchRunner clsRunner = new OrtBatchRunner(session, cls.input().name(), clsPre.itemShape(),
                            ExpressionClassifier.outputNames(cls));
                    List<float[]> faces = new ArrayList<>();
                    for (int i = 0; i < boxes.size(); i++) {
                        faces.add(clsPre.tensor(images.get(i), boxes.get(i)));
                    }
                    for (int batch : BATCHES) {
                        double ms = medianMillis(() -> clsRunner.run(cycle(faces, batch)), rounds);
                        out.append(row(cls.name(), batch, ms));
                    }
                    if (firstRunner == null) {
                        firstRunner = clsRunner;
                        firstFaces = faces;
                        firstName = cls.name();
                    }
                }
                appendBatcherOverhead(out, rounds, det.name(), detRunner, frames);
                appendBatcherOverhead(out, rounds, firstName, firstRunner, firstFaces);
            } finally {
                for (ModelSession session : sessions) {
                    session.close();
                }
            }
            System.out.print(out);
        }
    }

    /**
     * The batcher's cost: the same 16 items as one direct call vs 16 submissions to a batcher that forms
     * one batch of 16 (maxBatch 16, so it never waits for the delay).
     */
    private static void appendBatcherOverhead(StringBuilder out, int rounds, String name, OrtBatchRunner runner,
            List<float[]> items16) throws Exception {
        if (out.indexOf("| batch of 16 |") < 0) {
            out.append("\n| batch of 16 | path | median ms | overhead |\n|---|---|---:|---:|\n");
        }
        List<float[]> items = cycle(items16, 16);
        double direct = medianMillis(() -> runner.run(items), rounds);
        double batched;
        try (DynamicBatcher<float[], float[][]> batcher = new DynamicBatcher<>(
                new BatcherConfig("bench-" + name, 64, 16, Duration.ofSeconds(1), Duration.ofSeconds(10)), runner)) {
            batched = medianMillis(() -> {
                List<CompletableFuture<float[][]>> futures = new ArrayList<>(16);
                for (float[] item : items) {
                    futures.add(batcher.submit(item));
                }
                CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).join();
                return null;
            }, rounds);
        }
        out.append(String.format("| %s | session directly | %.2f | |%n", name, direct));
        out.append(String.format("| %s | DynamicBatcher | %.2f | %+.2f ms (%+.1f%%) |%n", name, batched, batched - direct,
                100 * (batched - direct) / direct));
    }

    @FunctionalInterface
    private interface Call {
        Object run() throws Exception;
    }

    private static double medianMillis(Call call, int rounds) throws Exception {
        for (int i = 0; i < WARMUP; i++) {
            call.run();
        }
        double[] ms = new double[rounds];
        for (int i = 0; i < rounds; i++) {
            long start = System.nanoTime();
            call.run();
            ms[i] = (System.nanoTime() - start) / 1e6;
        }
        Arrays.sort(ms);
        return rounds % 2 == 1 ? ms[rounds / 2] : (ms[rounds / 2 - 1] + ms[rounds / 2]) / 2;
    }

    private static List<float[]> cycle(List<float[]> items, int n) {
        List<float[]> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(items.get(i % items.size()));
        }
        return out;
    }

    private static String row(String model, int batch, double ms) {
        return String.format("| %s | %d | %.2f | %.1f |%n", model, batch, ms, batch * 1000 / ms);
    }

    private static String machine(int threads, int rounds, int frames, int faces) {
        String cpu = "unknown CPU";
        try {
            cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .findFirst().map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse(cpu);
        } catch (IOException | RuntimeException ignored) {
            // not Linux: keep "unknown CPU"
        }
        return String.format("Machine: %s, %d logical cores visible to the JVM, Java %s, ONNX Runtime %s, CPU provider, "
                        + "%d intra-op thread(s), allow_spinning=0. %d warm-up + %d measured rounds per point, medians. "
                        + "Inputs: %d fixture frames (detector 416x416), %d face crops (112x112).%n",
                cpu, Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), ortVersion(), threads,
                WARMUP, rounds, frames, faces);
    }

    private static String ortVersion() {
        return io.ferstream.inference.runtime.OrtRuntime.environment().getVersion();
    }
}
