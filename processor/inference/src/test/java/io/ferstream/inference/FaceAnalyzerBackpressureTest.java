package io.ferstream.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.ferstream.inference.batch.BatcherConfig;
import io.ferstream.inference.batch.DynamicBatcher;
import io.ferstream.inference.image.RgbImage;
import io.ferstream.inference.model.ModelDescriptor;
import io.ferstream.inference.model.ModelLoader;
import io.ferstream.inference.testing.Fixtures;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A detector far slower than the frames asked of it, with a queue of one request and a submit
 * timeout of 10 ms: the caller (Flink's task thread, in the job) hands every frame over at once and
 * none fails; the frames wait for the model instead, as backpressure.
 */
class FaceAnalyzerBackpressureTest {

    private static final int FRAMES = 20;

    @Test
    @Timeout(60) // were the caller to wait for the model, it would wait for ever: the model waits
    // for it
    void aFullDetectorQueueNeitherBlocksTheCallerNorFailsAFrame() throws Exception {
        ModelDescriptor detector = descriptor("face-api/tiny_face_detector.json");
        ModelDescriptor classifier = descriptor("face-api/face_expression.json");
        int gridFloats = 13 * 13 * 25; // zeros: every score is sigmoid(0) = 0.5, not above it
        CountDownLatch modelMayRun = new CountDownLatch(1);
        AtomicInteger modelCalls = new AtomicInteger();
        BatcherConfig full = new BatcherConfig("slow", 1, 1, Duration.ZERO, Duration.ofMillis(10));
        ExecutorService postProcessing = Executors.newFixedThreadPool(2);
        ExecutorService submission = Executors.newSingleThreadExecutor();
        try (DynamicBatcher<float[], float[][]> detectorBatcher =
                        new DynamicBatcher<>(
                                full,
                                inputs -> {
                                    modelMayRun.await();
                                    modelCalls.incrementAndGet();
                                    List<float[][]> grids = new ArrayList<>();
                                    inputs.forEach(
                                            i -> grids.add(new float[][] {new float[gridFloats]}));
                                    return grids;
                                });
                DynamicBatcher<float[], float[][]> classifierBatcher =
                        new DynamicBatcher<>(full, inputs -> List.of())) {
            FaceAnalyzer analyzer =
                    new FaceAnalyzer(
                            new FaceDetector(detector, detectorBatcher),
                            new ExpressionClassifier(classifier, classifierBatcher),
                            postProcessing,
                            submission);
            RgbImage frame = new RgbImage(64, 48, new byte[64 * 48 * 3]);

            List<CompletableFuture<List<Face>>> frames = new ArrayList<>();
            for (int i = 0; i < FRAMES; i++) {
                frames.add(analyzer.analyzeAsync(frame));
            }
            assertEquals(0, modelCalls.get(), "every frame was handed over before any model call");

            modelMayRun.countDown();
            for (CompletableFuture<List<Face>> faces : frames) {
                assertEquals(List.of(), faces.get(60, TimeUnit.SECONDS));
            }
            assertEquals(FRAMES, modelCalls.get(), "one look per frame, none refused");
        } finally {
            postProcessing.shutdownNow();
            submission.shutdownNow();
        }
    }

    private static ModelDescriptor descriptor(String path) {
        return ModelLoader.load(Fixtures.models().resolve(path)).descriptor();
    }
}
