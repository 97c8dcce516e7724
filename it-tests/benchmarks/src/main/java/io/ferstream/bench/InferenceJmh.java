package io.ferstream.bench;

import ai.onnxruntime.OrtException;
import io.ferstream.inference.Detection;
import io.ferstream.inference.ExpressionClassifier;
import io.ferstream.inference.FaceDetector;
import io.ferstream.inference.TinyYoloV2Decoder;
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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * The JMH benchmarks behind {@link InferenceBenchmark}, which runs them and prints the table; the
 * annotations' settings are the defaults when they are run any other way (e.g. JMH's own {@code
 * org.openjdk.jmh.Main}).
 *
 * <p>One operation is one model call on a prepared batch, as in the earlier hand-timed version: the
 * fixture frames (models/fixtures/*.jpg, decoded with OpenCV, preprocessed for the detector) and
 * the face crops the detector finds in them (preprocessed as each classifier's descriptor says),
 * cycled to fill the batch. Sessions are opened with {@link SharedSessions#open} on the CPU
 * provider with {@code threads} intra-op threads. The throughput is calls per second; items per
 * second are that times the batch.
 *
 * <p>Each state opens its own sessions in {@code @Setup} and closes them in {@code @TearDown}; the
 * input tensors are created and closed inside every {@link OrtBatchRunner#run} call.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
// Pure inference needs no --add-opens (those are Flink's); the models folder comes from the working
// directory, FERSTREAM_MODELS_DIR or -Dferstream.models.dir, which InferenceBenchmark appends.
@Fork(
        value = 2,
        jvmArgs = {"-Xmx3g"})
public class InferenceJmh {

    /** The face detector, under models/. */
    public static final String DETECTOR = "face-api/tiny_face_detector.json";

    /** The classifiers compared by default, under models/. */
    public static final String DEFAULT_CLASSIFIERS = "face-api/face_expression.json,lnlj/lnlj.json";

    /**
     * Items per call of the batcher-overhead benchmarks ({@link #direct} and {@link
     * #dynamicBatcher}).
     */
    public static final int BATCHER_ITEMS = 16;

    /** The detector at {@code batch} frames per call. */
    @Benchmark
    public List<float[][]> detector(DetectorState state) throws OrtException {
        return state.model.runner.run(state.inputs);
    }

    /** The classifier {@code classifier} at {@code batch} face crops per call. */
    @Benchmark
    public List<float[][]> classifier(ClassifierState state) throws OrtException {
        return state.model.runner.run(state.inputs);
    }

    /** {@link #BATCHER_ITEMS} items of {@code model} as one direct call of the session. */
    @Benchmark
    public List<float[][]> direct(BatcherState state) throws OrtException {
        return state.opened.runner.run(state.items);
    }

    /**
     * The same {@link #BATCHER_ITEMS} items as {@link #BATCHER_ITEMS} submissions to a batcher that
     * forms one batch of them (maxBatch 16, so it never waits for its delay), waiting for all
     * results.
     */
    @Benchmark
    public List<CompletableFuture<float[][]>> dynamicBatcher(BatcherState state)
            throws InterruptedException {
        List<CompletableFuture<float[][]>> futures = new ArrayList<>(state.items.size());
        for (float[] item : state.items) {
            futures.add(state.batcher.submit(item));
        }
        CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).join();
        return futures;
    }

    /** The detector's session and batch. */
    @State(Scope.Benchmark)
    public static class DetectorState {
        @Param("1")
        public int threads;

        @Param({"1", "4", "8", "16", "32"})
        public int batch;

        Model model;
        List<float[]> inputs;

        @Setup(Level.Trial)
        public void open() throws Exception {
            Path models = ModelsDirectory.locate();
            model = Model.open(models, DETECTOR, threads);
            inputs = cycle(Inputs.detect(models, model).frames(), batch);
        }

        @TearDown(Level.Trial)
        public void close() throws OrtException {
            if (model != null) {
                model.close();
            }
        }
    }

    /** One classifier's session and batch of face crops. */
    @State(Scope.Benchmark)
    public static class ClassifierState {
        @Param("1")
        public int threads;

        @Param({"face-api/face_expression.json", "lnlj/lnlj.json"})
        public String classifier;

        @Param({"1", "4", "8", "16", "32"})
        public int batch;

        Model model;
        List<float[]> inputs;

        @Setup(Level.Trial)
        public void open() throws Exception {
            Path models = ModelsDirectory.locate();
            Inputs found;
            try (Model detector = Model.open(models, DETECTOR, threads)) {
                found = Inputs.detect(models, detector);
            }
            model = Model.open(models, classifier, threads);
            inputs = cycle(found.faces(model.preprocessor), batch);
        }

        @TearDown(Level.Trial)
        public void close() throws OrtException {
            if (model != null) {
                model.close();
            }
        }
    }

    /**
     * {@code model} (the detector or a classifier) with {@link #BATCHER_ITEMS} items, and for
     * {@link #dynamicBatcher} a batcher in front of the same runner.
     */
    @State(Scope.Benchmark)
    public static class BatcherState {
        @Param("1")
        public int threads;

        @Param({DETECTOR, "face-api/face_expression.json"})
        public String model;

        Model opened;
        List<float[]> items;
        DynamicBatcher<float[], float[][]> batcher;

        @Setup(Level.Trial)
        public void open(BenchmarkParams params) throws Exception {
            Path models = ModelsDirectory.locate();
            Inputs found;
            try (Model detector = Model.open(models, DETECTOR, threads)) {
                found = Inputs.detect(models, detector);
            }
            opened = Model.open(models, model, threads);
            items =
                    cycle(
                            opened.isDetector() ? found.frames() : found.faces(opened.preprocessor),
                            BATCHER_ITEMS);
            // only the batcher benchmark gets a batcher: its idle worker would otherwise poll
            // beside direct calls
            if (params.getBenchmark().endsWith(".dynamicBatcher")) {
                batcher =
                        new DynamicBatcher<>(
                                new BatcherConfig(
                                        "bench-" + opened.name(),
                                        64,
                                        BATCHER_ITEMS,
                                        Duration.ofSeconds(1),
                                        Duration.ofSeconds(10)),
                                opened.runner);
            }
        }

        @TearDown(Level.Trial)
        public void close() throws Exception {
            try {
                if (batcher != null) {
                    batcher.close();
                }
            } finally {
                if (opened != null) {
                    opened.close();
                }
            }
        }
    }

    /**
     * One model's open session, the runner that stacks a batch into one input tensor, and its
     * preprocessing.
     */
    static final class Model implements AutoCloseable {
        final LoadedModel loaded;
        final ModelSession session;
        final OrtBatchRunner runner;
        final Preprocessor preprocessor;

        private Model(
                LoadedModel loaded,
                ModelSession session,
                OrtBatchRunner runner,
                Preprocessor preprocessor) {
            this.loaded = loaded;
            this.session = session;
            this.runner = runner;
            this.preprocessor = preprocessor;
        }

        /**
         * Opens the model of {@code descriptor} (relative to {@code models}) on the CPU with {@code
         * threads} intra-op threads.
         */
        static Model open(Path models, String descriptor, int threads) {
            LoadedModel loaded = ModelLoader.load(models.resolve(descriptor));
            ModelDescriptor d = loaded.descriptor();
            Preprocessor preprocessor = new Preprocessor(d.input());
            List<String> outputs =
                    d.task() == ModelDescriptor.ModelTask.FACE_DETECTOR
                            ? FaceDetector.outputNames(d)
                            : ExpressionClassifier.outputNames(d);
            ModelSession session =
                    SharedSessions.open(loaded, ExecutionProviderConfig.cpu(threads));
            try {
                return new Model(
                        loaded,
                        session,
                        new OrtBatchRunner(
                                session, d.input().name(), preprocessor.itemShape(), outputs),
                        preprocessor);
            } catch (RuntimeException e) {
                try {
                    session.close();
                } catch (OrtException suppressed) {
                    e.addSuppressed(suppressed);
                }
                throw e;
            }
        }

        String name() {
            return loaded.name();
        }

        boolean isDetector() {
            return loaded.descriptor().task() == ModelDescriptor.ModelTask.FACE_DETECTOR;
        }

        @Override
        public void close() throws OrtException {
            session.close();
        }
    }

    /**
     * The inputs: every fixture frame (models/fixtures/*.jpg, sorted) preprocessed for the
     * detector, and every face box the detector finds in them, with the frame it is in.
     */
    record Inputs(List<float[]> frames, List<RgbImage> images, List<PixelBox> boxes) {

        static Inputs detect(Path models, Model detector) throws Exception {
            ModelDescriptor det = detector.loaded.descriptor();
            ImageDecoder decoder = new ImageDecoder();
            TinyYoloV2Decoder gridDecoder = new TinyYoloV2Decoder(det);
            List<float[]> frames = new ArrayList<>();
            List<RgbImage> images = new ArrayList<>();
            List<PixelBox> boxes = new ArrayList<>();
            List<Path> files;
            try (var list = Files.list(models.resolve("fixtures"))) {
                files = list.filter(f -> f.toString().endsWith(".jpg")).sorted().toList();
            }
            for (Path file : files) {
                RgbImage image = decoder.decode(Files.readAllBytes(file));
                float[] input = detector.preprocessor.tensor(image, PixelBox.of(image));
                frames.add(input);
                float[] grid = detector.runner.run(List.of(input)).get(0)[0];
                for (Detection d : gridDecoder.decode(grid, image.width(), image.height())) {
                    PixelBox.clipped(
                                    d.x(),
                                    d.y(),
                                    d.width(),
                                    d.height(),
                                    image.width(),
                                    image.height())
                            .ifPresent(
                                    box -> {
                                        images.add(image);
                                        boxes.add(box);
                                    });
                }
            }
            if (frames.isEmpty() || boxes.isEmpty()) {
                throw new IllegalStateException(
                        "Found "
                                + frames.size()
                                + " fixture frames and "
                                + boxes.size()
                                + " faces under "
                                + models.resolve("fixtures")
                                + "; the benchmark needs both");
            }
            return new Inputs(List.copyOf(frames), List.copyOf(images), List.copyOf(boxes));
        }

        /** The face crops, preprocessed as {@code preprocessor} (a classifier's) says. */
        List<float[]> faces(Preprocessor preprocessor) {
            List<float[]> faces = new ArrayList<>(boxes.size());
            for (int i = 0; i < boxes.size(); i++) {
                faces.add(preprocessor.tensor(images.get(i), boxes.get(i)));
            }
            return faces;
        }
    }

    /** {@code n} items taken in turn from {@code items}, starting over when they run out. */
    static List<float[]> cycle(List<float[]> items, int n) {
        List<float[]> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(items.get(i % items.size()));
        }
        return List.copyOf(out);
    }
}
