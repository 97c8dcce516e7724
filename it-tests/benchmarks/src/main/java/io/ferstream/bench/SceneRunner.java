package io.ferstream.bench;

import io.ferstream.image.ImageRejectedException;
import io.ferstream.inference.AnalyzedFrame;
import io.ferstream.inference.Detection;
import io.ferstream.inference.FaceAnalyzer;
import io.ferstream.inference.IntervalAnalyzer;
import io.ferstream.inference.detection.DetectionSettings;
import io.ferstream.inference.image.ImageDecoder;
import io.ferstream.inference.image.RgbImage;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;

/**
 * Plays cameras through the job's analysis: each frame decoded on the calling thread (OpenCV, as
 * the job does), then analysed by an {@link IntervalAnalyzer} (detect every N frames) over the
 * shared {@link FaceAnalyzer}, in sequence order per camera, the cameras interleaved frame by
 * frame, with at most {@code inFlight} frames in the analyzer at once (the async operator's
 * capacity).
 */
final class SceneRunner {

    /**
     * One frame and what the analysis made of it.
     *
     * @param camera the camera's index in the pass
     * @param sequence the frame's number in its camera
     */
    record Analyzed(
            TestCamera.Frame frame,
            int camera,
            int sequence,
            int width,
            int height,
            AnalyzedFrame result) {

        /** The boxes of the faces found (detected or predicted). */
        List<Detection> detections() {
            List<Detection> boxes = new ArrayList<>();
            result.faces().forEach(face -> boxes.add(face.detection()));
            return boxes;
        }
    }

    /** One pass: every frame's result, wall time, and what the batchers did meanwhile. */
    record Pass(
            List<Analyzed> frames,
            double seconds,
            double decodeMillis,
            BatchStats detector,
            BatchStats classifier) {

        double framesPerSecond() {
            return frames.size() / seconds;
        }
    }

    private final FaceAnalyzer analyzer;
    private final CountingBatcherMetrics detectorMetrics;
    private final CountingBatcherMetrics classifierMetrics;
    private final ImageDecoder decoder = new ImageDecoder();
    private final int inFlight;

    SceneRunner(
            FaceAnalyzer analyzer,
            CountingBatcherMetrics detectorMetrics,
            CountingBatcherMetrics classifierMetrics,
            int inFlight) {
        this.analyzer = analyzer;
        this.detectorMetrics = detectorMetrics;
        this.classifierMetrics = classifierMetrics;
        this.inFlight = inFlight;
    }

    Pass run(List<TestCamera> cameras, DetectionSettings settings) throws Exception {
        // a fresh analyzer per pass: no camera's detections leak from one pass into the next
        IntervalAnalyzer interval = new IntervalAnalyzer(analyzer, inFlight);
        Semaphore slots = new Semaphore(inFlight);
        List<Analyzed> results = new ArrayList<>();
        List<CompletableFuture<Analyzed>> pending = new ArrayList<>();
        int longest = cameras.stream().mapToInt(c -> c.frames().size()).max().orElse(0);
        long decodeNanos = 0;
        detectorMetrics.reset();
        classifierMetrics.reset();
        long start = System.nanoTime();
        for (int sequence = 0; sequence < longest; sequence++) {
            for (int c = 0; c < cameras.size(); c++) {
                List<TestCamera.Frame> frames = cameras.get(c).frames();
                if (sequence >= frames.size()) {
                    continue;
                }
                TestCamera.Frame frame = frames.get(sequence);
                slots.acquire();
                long t = System.nanoTime();
                RgbImage image = decode(frame);
                decodeNanos += System.nanoTime() - t;
                int camera = c;
                int number = sequence;
                CompletableFuture<Analyzed> done =
                        interval.analyze("camera-" + c, sequence, image, settings)
                                .thenApply(
                                        result ->
                                                new Analyzed(
                                                        frame,
                                                        camera,
                                                        number,
                                                        image.width(),
                                                        image.height(),
                                                        result));
                done.whenComplete((result, error) -> slots.release());
                pending.add(done);
            }
        }
        CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).get();
        double seconds = (System.nanoTime() - start) / 1e9;
        pending.forEach(p -> results.add(p.join()));
        return new Pass(
                results,
                seconds,
                decodeNanos / 1e6,
                detectorMetrics.stats(),
                classifierMetrics.stats());
    }

    private RgbImage decode(TestCamera.Frame frame) throws ImageRejectedException {
        return decoder.decode(frame.image());
    }
}
