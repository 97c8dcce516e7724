package io.ferstream.inference;

import io.ferstream.image.ImageRejectedException;
import io.ferstream.inference.batch.BatcherConfig;
import io.ferstream.inference.batch.BatcherMetrics;
import io.ferstream.inference.batch.DynamicBatcher;
import io.ferstream.inference.detection.DetectionSettings;
import io.ferstream.inference.image.DecodeScales;
import io.ferstream.inference.image.FramePixels;
import io.ferstream.inference.image.PixelBox;
import io.ferstream.inference.image.RgbImage;
import io.ferstream.inference.model.LoadedModel;
import io.ferstream.inference.model.ModelDescriptor;
import io.ferstream.inference.runtime.ModelSession;
import io.ferstream.inference.runtime.OrtBatchRunner;
import io.ferstream.inference.runtime.SharedRegistry;
import io.ferstream.inference.runtime.SharedSessions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Frame in, faces with expressions out: detect (batched across frames), crop each face as face-api
 * does, classify (batched across the faces of all frames). The facade the Flink operator calls.
 *
 * <p>{@link #open} owns what it creates: two shared sessions (leased from {@link SharedSessions})
 * and one batcher per session; {@link #close()} shuts the batchers down and releases the sessions.
 * One analyzer per TaskManager is the intended use (share it, e.g. through a {@link
 * SharedRegistry}).
 */
public final class FaceAnalyzer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(FaceAnalyzer.class);

    private final FaceDetector detector;
    private final ExpressionClassifier classifier;

    /** Threads per analyzer for crops and classifier submissions (light work, then waiting). */
    private static final int POST_PROCESSING_THREADS = 2;

    private final Executor postProcessing;
    private final Executor submission;
    private final List<AutoCloseable> owned;

    /**
     * Composes existing parts (not closed by {@link #close()}).
     *
     * @param postProcessing runs crops and classifier submissions once a detection completes, so
     *     the detector's batcher thread never does per-face work
     * @param submission submits each frame's looks to the detector's batcher, in the order frames
     *     come (one thread), waiting there while the batcher's queue is full, so the caller never
     *     does
     */
    public FaceAnalyzer(
            FaceDetector detector,
            ExpressionClassifier classifier,
            Executor postProcessing,
            Executor submission) {
        this(detector, classifier, postProcessing, submission, List.of());
    }

    private FaceAnalyzer(
            FaceDetector detector,
            ExpressionClassifier classifier,
            Executor postProcessing,
            Executor submission,
            List<AutoCloseable> owned) {
        this.detector = detector;
        this.classifier = classifier;
        this.postProcessing = postProcessing;
        this.submission = submission;
        this.owned = owned;
    }

    /**
     * Opens sessions and batchers for the two models; metrics may be {@link BatcherMetrics#NOOP}.
     */
    public static FaceAnalyzer open(
            LoadedModel detectorModel,
            LoadedModel classifierModel,
            FaceAnalyzerConfig config,
            BatcherMetrics detectorMetrics,
            BatcherMetrics classifierMetrics) {
        List<AutoCloseable> owned = new ArrayList<>();
        try {
            ExecutorService postProcessing = daemonPool("postprocess", POST_PROCESSING_THREADS);
            owned.add(postProcessing::shutdownNow);
            ExecutorService submission = daemonPool("submit", 1);
            owned.add(submission::shutdownNow);
            var detectorLease = SharedSessions.jvmWide().acquire(detectorModel, config.provider());
            owned.add(detectorLease);
            var classifierLease =
                    SharedSessions.jvmWide().acquire(classifierModel, config.provider());
            owned.add(classifierLease);
            DynamicBatcher<float[], float[][]> detectorBatcher =
                    batcher(
                            detectorLease.get(),
                            FaceDetector.outputNames(detectorModel.descriptor()),
                            config.detectorBatching(),
                            detectorMetrics);
            owned.add(2, detectorBatcher); // batchers stop before their sessions close
            DynamicBatcher<float[], float[][]> classifierBatcher =
                    batcher(
                            classifierLease.get(),
                            ExpressionClassifier.outputNames(classifierModel.descriptor()),
                            config.classifierBatching(),
                            classifierMetrics);
            owned.add(2, classifierBatcher);
            return new FaceAnalyzer(
                    new FaceDetector(detectorModel.descriptor(), detectorBatcher),
                    new ExpressionClassifier(classifierModel.descriptor(), classifierBatcher),
                    postProcessing,
                    submission,
                    List.copyOf(owned));
        } catch (RuntimeException e) {
            closeAll(owned);
            throw e;
        }
    }

    /**
     * The analyzer's own threads, not the JVM's common pool, which everything else in the process
     * shares. Their queue holds one task per frame in flight, so the async operator's capacity
     * bounds it.
     */
    private static ExecutorService daemonPool(String name, int threads) {
        AtomicInteger count = new AtomicInteger();
        return Executors.newFixedThreadPool(
                threads,
                task -> {
                    Thread thread =
                            new Thread(task, "ferstream-" + name + "-" + count.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
    }

    private static DynamicBatcher<float[], float[][]> batcher(
            ModelSession session,
            List<String> outputs,
            BatcherConfig batching,
            BatcherMetrics metrics) {
        var input = session.model().descriptor().input();
        var runner =
                new OrtBatchRunner(
                        session,
                        input.name(),
                        new io.ferstream.inference.image.Preprocessor(input).itemShape(),
                        outputs);
        BatcherConfig named =
                new BatcherConfig(
                        session.model().name() + "@" + session.provider().name().toLowerCase(),
                        batching.queueCapacity(),
                        batching.maxBatch(),
                        batching.maxDelay(),
                        batching.submitTimeout());
        return new DynamicBatcher<>(named, runner, metrics);
    }

    /** Analyses one frame; the future fails if either model call fails. */
    public CompletableFuture<List<Face>> analyzeAsync(RgbImage frame) throws InterruptedException {
        return analyzeAsync(frame, DetectionSettings.WHOLE_FRAME);
    }

    /**
     * Analyses one frame, searching it for faces as {@code detection} asks. Each face is cropped
     * from the full-resolution frame, never from a look's resized pixels, so a small face keeps
     * every pixel it has.
     */
    public CompletableFuture<List<Face>> analyzeAsync(RgbImage frame, DetectionSettings detection)
            throws InterruptedException {
        return analyzeAsync(FramePixels.decoded(frame), detection);
    }

    /**
     * Analyses one encoded frame. The detector looks at it at {@link #detectionScale}; each face is
     * cropped at the smallest scale that still gives the classifier every pixel it uses ({@link
     * DecodeScales#forFace}), so a small face is cropped from the full frame.
     */
    public CompletableFuture<List<Face>> analyzeAsync(
            FramePixels frame, DetectionSettings detection) throws InterruptedException {
        // The looks go to the batcher from the submission thread: a full queue makes it wait, and
        // the frames behind it wait in the async operator, which is Flink's backpressure.
        return CompletableFuture.supplyAsync(() -> detect(frame, detection), submission)
                .thenCompose(looks -> looks)
                .thenComposeAsync(detections -> classifyAll(frame, detections), postProcessing);
    }

    /**
     * The DCT scale the detector looks at {@code frame} at: reduced only where it takes one look at
     * the whole frame (tiles need every pixel), and only as far as its input still fills.
     */
    public int detectionScale(FramePixels frame, DetectionSettings detection) {
        if (frame.maxScale() == 1
                || !detection.regions().everywhere()
                || detector.looks(frame.width(), frame.height(), detection) != 1) {
            return 1;
        }
        return DecodeScales.forWholeFrame(
                frame.width(), frame.height(), sideOf(detector.descriptor()), frame.maxScale());
    }

    private static int sideOf(ModelDescriptor model) {
        return Math.min(model.input().width(), model.input().height());
    }

    private CompletableFuture<List<Detection>> detect(
            FramePixels frame, DetectionSettings detection) {
        try {
            int scale = detectionScale(frame, detection);
            if (scale == 1) {
                return detector.detect(frame.at(1), detection);
            }
            RgbImage reduced = frame.at(scale);
            // one look at the whole frame, as the full-size plan is (see detectionScale)
            return detector.detect(reduced, DetectionSettings.WHOLE_FRAME)
                    .thenApply(found -> toFramePixels(found, frame, reduced));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CompletionException(e);
        } catch (ImageRejectedException e) {
            throw new CompletionException(e);
        }
    }

    /** Boxes found in a reduced image, in pixels of the full frame. */
    private static List<Detection> toFramePixels(
            List<Detection> found, FramePixels frame, RgbImage reduced) {
        double sx = (double) frame.width() / reduced.width();
        double sy = (double) frame.height() / reduced.height();
        List<Detection> scaled = new ArrayList<>(found.size());
        for (Detection d : found) {
            scaled.add(
                    new Detection(
                            d.x() * sx, d.y() * sy, d.width() * sx, d.height() * sy, d.score()));
        }
        return scaled;
    }

    /**
     * Classifies the faces at boxes known without detection (e.g. predicted from earlier frames),
     * once {@code boxes} completes.
     */
    public CompletableFuture<List<Face>> classifyAtAsync(
            RgbImage frame, CompletableFuture<List<Detection>> boxes) {
        return classifyAtAsync(FramePixels.decoded(frame), boxes);
    }

    /** As {@link #classifyAtAsync(RgbImage, CompletableFuture)}, for an encoded frame. */
    public CompletableFuture<List<Face>> classifyAtAsync(
            FramePixels frame, CompletableFuture<List<Detection>> boxes) {
        return boxes.thenComposeAsync(found -> classifyAll(frame, found), postProcessing);
    }

    /** Blocking form of {@link #analyzeAsync}. */
    public List<Face> analyze(RgbImage frame) throws InterruptedException, ExecutionException {
        return analyzeAsync(frame).get();
    }

    private CompletableFuture<List<Face>> classifyAll(
            FramePixels frame, List<Detection> detections) {
        List<Detection> kept = new ArrayList<>();
        List<PixelBox> crops = new ArrayList<>();
        List<CompletableFuture<Classification>> pending = new ArrayList<>();
        int classifierSide = sideOf(classifier.descriptor());
        try {
            for (Detection detection : detections) {
                // face-api skips a face whose box lies outside the frame; so do we
                Optional<PixelBox> crop =
                        PixelBox.clipped(
                                detection.x(),
                                detection.y(),
                                detection.width(),
                                detection.height(),
                                frame.width(),
                                frame.height());
                if (crop.isPresent()) {
                    int scale =
                            DecodeScales.forFace(
                                    crop.get().width(),
                                    crop.get().height(),
                                    classifierSide,
                                    frame.maxScale());
                    RgbImage image = frame.atOrDecoded(scale);
                    Optional<PixelBox> scaled =
                            image.width() == frame.width()
                                    ? crop
                                    : reduced(detection, image, frame);
                    if (scaled.isPresent()) {
                        kept.add(detection);
                        crops.add(crop.get());
                        pending.add(classifier.classify(image, scaled.get()));
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CompletionException(e);
        } catch (ImageRejectedException e) {
            throw new CompletionException(e);
        }
        return CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new))
                .thenApply(
                        done -> {
                            List<Face> faces = new ArrayList<>(kept.size());
                            for (int i = 0; i < kept.size(); i++) {
                                faces.add(
                                        new Face(kept.get(i), crops.get(i), pending.get(i).join()));
                            }
                            return faces;
                        });
    }

    /** A face's box in the pixels of the frame decoded at a reduced scale. */
    private static Optional<PixelBox> reduced(Detection face, RgbImage image, FramePixels frame) {
        double sx = (double) image.width() / frame.width();
        double sy = (double) image.height() / frame.height();
        return PixelBox.clipped(
                face.x() * sx,
                face.y() * sy,
                face.width() * sx,
                face.height() * sy,
                image.width(),
                image.height());
    }

    public FaceDetector detector() {
        return detector;
    }

    public ExpressionClassifier classifier() {
        return classifier;
    }

    public List<String> labels() {
        return classifier.labels();
    }

    /**
     * Drains both batchers (up to 10 s each), then releases the sessions this analyzer opened, but
     * only once every batcher worker has stopped: a session released under a worker still inside
     * {@code session.run} is a native crash.
     */
    @Override
    public void close() {
        closeAll(owned);
    }

    private static void closeAll(List<AutoCloseable> resources) {
        closeInOrder(resources, Duration.ofSeconds(10), Duration.ofSeconds(30));
    }

    /**
     * Stops the batchers among {@code resources} (draining up to {@code drain}, then failing what
     * is queued and waiting up to {@code workerExit} for the batch inside the model), then closes
     * the rest in order. If a worker is still inside a model call after that, nothing else is
     * closed: the sessions are left to the JVM's exit rather than freed under it.
     *
     * @return whether everything was closed
     */
    static boolean closeInOrder(
            List<AutoCloseable> resources, Duration drain, Duration workerExit) {
        boolean workersStopped = true;
        for (AutoCloseable resource : resources) {
            if (resource instanceof DynamicBatcher<?, ?> batcher) {
                workersStopped &= stop(batcher, drain, workerExit);
            }
        }
        if (!workersStopped) {
            LOG.error(
                    "A batcher worker is still inside a model call {} after its shutdown; its"
                            + " ONNX Runtime session is left open rather than released under it",
                    workerExit);
            return false;
        }
        for (AutoCloseable resource : resources) {
            if (!(resource instanceof DynamicBatcher<?, ?>)) {
                try {
                    resource.close();
                } catch (Exception e) {
                    LOG.warn("Closing {} failed: {}", resource, e.toString());
                }
            }
        }
        return true;
    }

    private static boolean stop(DynamicBatcher<?, ?> batcher, Duration drain, Duration workerExit) {
        try {
            if (batcher.shutdown(drain) || batcher.awaitTermination(Duration.ofMillis(1))) {
                return true;
            }
            batcher.shutdownNow();
            return batcher.awaitTermination(workerExit);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            batcher.shutdownNow();
            return false;
        }
    }
}
