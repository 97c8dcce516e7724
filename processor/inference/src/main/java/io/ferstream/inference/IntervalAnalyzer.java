package io.ferstream.inference;

import io.ferstream.inference.detection.DetectionHistory;
import io.ferstream.inference.detection.DetectionSettings;
import io.ferstream.inference.image.FramePixels;
import io.ferstream.inference.image.RgbImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Analyses the frames of many cameras, running the detector on every N-th frame of a camera only
 * (DeepStream's {@code interval}): on the frames between, the faces of the last detections are
 * classified at the boxes their motion predicts, which costs one classifier call per face instead
 * of the detector's looks. What happens to a frame depends only on the camera's sequence numbers
 * and what was detected ({@link DetectionHistory}), so results are deterministic, and {@link
 * #snapshot}/{@link #restore} carry the detections across a restart.
 *
 * <p>Frames of one camera must be submitted in sequence order; cameras are independent.
 * Thread-safe.
 */
public final class IntervalAnalyzer {

    private final FaceAnalyzer analyzer;
    private final int retained;
    private final Map<String, DetectionHistory> cameras = new ConcurrentHashMap<>();

    /**
     * @param framesInFlight the most frames of one camera submitted but not yet finished with (the
     *     async operator's capacity); that many detections are kept per camera
     */
    public IntervalAnalyzer(FaceAnalyzer analyzer, int framesInFlight) {
        this.analyzer = analyzer;
        this.retained = framesInFlight + 2;
    }

    /** One frame of one camera, after its earlier frames. */
    public CompletableFuture<AnalyzedFrame> analyze(
            String cameraId, long sequence, RgbImage frame, DetectionSettings settings)
            throws InterruptedException {
        return analyze(cameraId, sequence, FramePixels.decoded(frame), settings);
    }

    /** One encoded frame of one camera, after its earlier frames. */
    public CompletableFuture<AnalyzedFrame> analyze(
            String cameraId, long sequence, FramePixels frame, DetectionSettings settings)
            throws InterruptedException {
        if (settings.interval() == 1) {
            return analyzer.analyzeAsync(frame, settings)
                    .thenApply(faces -> new AnalyzedFrame(true, faces));
        }
        DetectionHistory history = history(cameraId);
        if (history.detects(sequence, settings.interval())) {
            CompletableFuture<List<Face>> faces = analyzer.analyzeAsync(frame, settings);
            history.detected(sequence, faces.thenApply(IntervalAnalyzer::boxes));
            return faces.thenApply(found -> new AnalyzedFrame(true, found));
        }
        return analyzer.classifyAtAsync(frame, history.predicted(sequence))
                .thenApply(faces -> new AnalyzedFrame(false, faces));
    }

    private DetectionHistory history(String cameraId) {
        return cameras.computeIfAbsent(cameraId, id -> new DetectionHistory(retained));
    }

    private static List<Detection> boxes(List<Face> faces) {
        List<Detection> boxes = new ArrayList<>(faces.size());
        faces.forEach(face -> boxes.add(face.detection()));
        return boxes;
    }

    /** Every camera's finished detections, for a checkpoint. */
    public Map<String, NavigableMap<Long, List<Detection>>> snapshot() {
        Map<String, NavigableMap<Long, List<Detection>>> state = new TreeMap<>();
        cameras.forEach(
                (camera, history) -> {
                    NavigableMap<Long, List<Detection>> done = history.completed();
                    if (!done.isEmpty()) {
                        state.put(camera, done);
                    }
                });
        return state;
    }

    /** Puts back detections of a {@link #snapshot}, before any frame is analysed. */
    public void restore(String cameraId, Map<Long, List<Detection>> detections) {
        history(cameraId).restore(detections);
    }
}
