package io.ferstream.processor.functions;

import io.ferstream.image.FrameImages;
import io.ferstream.image.ImageHeader;
import io.ferstream.image.ImageRejectedException;
import io.ferstream.inference.AnalysisSettings;
import io.ferstream.inference.Detection;
import io.ferstream.inference.Face;
import io.ferstream.inference.FaceAnalyzer;
import io.ferstream.inference.IntervalAnalyzer;
import io.ferstream.inference.detection.DetectionConfig;
import io.ferstream.inference.detection.DetectionSettings;
import io.ferstream.inference.image.FramePixels;
import io.ferstream.inference.image.ImageDecoder;
import io.ferstream.inference.model.LoadedModel;
import io.ferstream.inference.model.ModelLoader;
import io.ferstream.inference.runtime.SharedRegistry;
import io.ferstream.processor.config.JobConfig;
import io.ferstream.processor.records.AnalysisOutcome;
import io.ferstream.processor.records.SourcedFrame;
import io.ferstream.processor.tracking.FaceObservation;
import io.ferstream.processor.tracking.FrameFaces;
import io.ferstream.schema.CameraFrame;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple3;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.functions.async.ResultFuture;
import org.apache.flink.streaming.api.functions.async.RichAsyncFunction;

/**
 * Decode, detect, crop, classify. Decoding runs on the task thread (it is the per-frame CPU cost
 * that should slow the source down); detection and classification go to the TaskManager's shared
 * {@link FaceAnalyzer}, whose dynamic batchers combine frames and faces from every slot and camera
 * into model calls. Flink's async operator bounds the frames in flight (backpressure, never memory
 * growth) and, in ordered mode, emits each camera's frames in order; the job runs it drained before
 * every checkpoint ({@link DrainingAsyncOperatorFactory}), so no checkpoint holds a frame.
 *
 * <p>Each camera's frames are searched as its {@link DetectionConfig} says: tiles for small faces,
 * regions of interest, and detect-every-N, where the frames between detections classify the faces
 * at their predicted boxes ({@link IntervalAnalyzer}). The detections those predictions follow are
 * operator state, so the frames after a restore follow the same detections as in a run that never
 * stopped.
 *
 * <p>An image that cannot be used becomes a dead letter. A failure of the models themselves is not
 * the frame's fault: it fails the job, which restarts from its checkpoint and analyses the frame
 * again, so nothing is lost.
 */
public final class FaceAnalysisFunction extends RichAsyncFunction<SourcedFrame, AnalysisOutcome>
        implements CheckpointedFunction {

    private static final long serialVersionUID = 1L;

    /** A camera, a detected frame's sequence, and its boxes as x, y, width, height, score. */
    private static final ListStateDescriptor<Tuple3<String, Long, double[]>> DETECTIONS =
            new ListStateDescriptor<>(
                    "interval-detections",
                    Types.TUPLE(Types.STRING, Types.LONG, Types.PRIMITIVE_ARRAY(Types.DOUBLE)));

    /**
     * One analyzer per TaskManager (per job class loader) and configuration, shared by all slots.
     */
    private static final SharedRegistry<AnalysisSettings, FaceAnalyzer> ANALYZERS =
            new SharedRegistry<>();

    private final AnalysisSettings settings;
    private final DetectionConfig detection;
    private final int framesInFlight;
    private transient IntervalAnalyzer intervals;
    private transient ListState<Tuple3<String, Long, double[]>> detectionState;
    private transient List<Tuple3<String, Long, double[]>> restored;
    private transient Counter framesDetected;
    private transient Counter framesPredicted;
    private transient SharedRegistry<AnalysisSettings, FaceAnalyzer>.Lease lease;

    /** Set when the task closes this function: later analysis results are dropped. */
    private transient volatile boolean closed;

    private transient FaceAnalyzer analyzer;
    private transient ImageDecoder decoder;
    private transient String modelName;
    private transient String modelVersion;
    private transient String[] labels;
    private transient Histogram decodeMicros;

    /**
     * @param framesInFlight the async operator's capacity: how many frames of one camera may be in
     *     flight at once
     */
    public FaceAnalysisFunction(
            AnalysisSettings settings, DetectionConfig detection, int framesInFlight) {
        this.settings = settings;
        this.detection = detection;
        this.framesInFlight = framesInFlight;
    }

    public static FaceAnalysisFunction fromConfig(JobConfig config) {
        return new FaceAnalysisFunction(
                config.analysis(), config.detection(), config.analysisCapacity());
    }

    @Override
    public void initializeState(FunctionInitializationContext context) throws Exception {
        // Split, not union, state: union state fails every checkpoint of a bounded replay once one
        // subtask has finished. A subtask gets its own detections back (the source gives it the
        // same partitions, so the same cameras); after a rescale a camera whose detections went
        // elsewhere simply detects on its next frame.
        detectionState = context.getOperatorStateStore().getListState(DETECTIONS);
        restored = new ArrayList<>();
        if (context.isRestored()) {
            detectionState.get().forEach(restored::add);
        }
    }

    @Override
    public void snapshotState(FunctionSnapshotContext context) throws Exception {
        List<Tuple3<String, Long, double[]>> rows = new ArrayList<>();
        intervals
                .snapshot()
                .forEach(
                        (camera, detections) ->
                                detections.forEach(
                                        (sequence, boxes) ->
                                                rows.add(
                                                        Tuple3.of(camera, sequence, pack(boxes)))));
        detectionState.update(rows);
    }

    private static double[] pack(List<Detection> boxes) {
        double[] packed = new double[boxes.size() * 5];
        int o = 0;
        for (Detection d : boxes) {
            packed[o++] = d.x();
            packed[o++] = d.y();
            packed[o++] = d.width();
            packed[o++] = d.height();
            packed[o++] = d.score();
        }
        return packed;
    }

    private static List<Detection> unpack(double[] packed) {
        List<Detection> boxes = new ArrayList<>(packed.length / 5);
        for (int i = 0; i + 4 < packed.length; i += 5) {
            boxes.add(
                    new Detection(
                            packed[i], packed[i + 1], packed[i + 2], packed[i + 3], packed[i + 4]));
        }
        return boxes;
    }

    @Override
    public void open(OpenContext context) {
        MetricGroup metrics = getRuntimeContext().getMetricGroup();
        decodeMicros = metrics.histogram("decodeMicros", new DescriptiveStatisticsHistogram(1024));
        LoadedModel detector = ModelLoader.load(Path.of(settings.detectorDescriptor()));
        LoadedModel classifier = ModelLoader.load(Path.of(settings.classifierDescriptor()));
        lease =
                ANALYZERS.acquire(
                        settings,
                        s ->
                                FaceAnalyzer.open(
                                        detector,
                                        classifier,
                                        s.analyzer(),
                                        // The first subtask on a TaskManager opens the shared
                                        // batchers and reports their metrics.
                                        new FlinkBatcherMetrics(
                                                metrics.addGroup("inference", "detector")),
                                        new FlinkBatcherMetrics(
                                                metrics.addGroup("inference", "classifier"))));
        analyzer = lease.get();
        decoder = new ImageDecoder(settings.images());
        intervals = new IntervalAnalyzer(analyzer, framesInFlight);
        Map<String, Map<Long, List<Detection>>> byCamera = new TreeMap<>();
        for (Tuple3<String, Long, double[]> row : restored) {
            byCamera.computeIfAbsent(row.f0, c -> new TreeMap<>()).put(row.f1, unpack(row.f2));
        }
        byCamera.forEach(intervals::restore);
        restored = null;
        framesDetected = metrics.counter("framesDetected");
        framesPredicted = metrics.counter("framesPredicted");
        modelName = classifier.name();
        modelVersion = classifier.version();
        labels = analyzer.labels().toArray(String[]::new);
    }

    @Override
    public void asyncInvoke(SourcedFrame in, ResultFuture<AnalysisOutcome> result)
            throws Exception {
        CameraFrame frame = in.frame;
        String camera = frame.getCameraId();
        DetectionSettings search = detection.forCamera(camera);
        FramePixels pixels;
        long start = System.nanoTime();
        try {
            // The gate's checks again: producers may write to the frames topic directly.
            ImageHeader header = FrameImages.check(frame, settings.images().limits());
            pixels = FramePixels.of(bytesOf(frame), header, decoder);
            // Decoded now, at the scale the detector takes, so a corrupt image is a dead letter
            // here; the crops may decode it again at a finer scale (FaceAnalyzer).
            pixels.at(analyzer.detectionScale(pixels, search));
        } catch (ImageRejectedException e) {
            result.complete(
                    List.of(
                            AnalysisOutcome.rejected(
                                    Rejections.of(
                                            frame,
                                            e.reason(),
                                            e.getMessage(),
                                            in.topic,
                                            in.partition,
                                            in.offset,
                                            Instant.now()))));
            return;
        }
        decodeMicros.update((System.nanoTime() - start) / 1_000);
        intervals
                .analyze(camera, frame.getSequence(), pixels, search)
                .whenComplete(
                        (analysed, error) -> {
                            if (closed) {
                                // The task is ending (a failover, a cancel): the frame came
                                // after the last checkpoint, whose barrier drained the operator,
                                // so it is read from Kafka again after a restore. Completing it
                                // now would fail a task that is stopping, and a stop would turn
                                // into a failover (the last slot's close shuts the batchers down
                                // under its own requests).
                                return;
                            }
                            if (error != null) {
                                result.completeExceptionally(error);
                            } else {
                                (analysed.detected() ? framesDetected : framesPredicted).inc();
                                result.complete(
                                        List.of(
                                                AnalysisOutcome.of(
                                                        toFrameFaces(frame, analysed.faces()))));
                            }
                        });
    }

    private FrameFaces toFrameFaces(CameraFrame frame, List<Face> faces) {
        List<FaceObservation> observations = new ArrayList<>(faces.size());
        for (Face face : faces) {
            var d = face.detection();
            observations.add(
                    new FaceObservation(
                            (float) d.x(),
                            (float) d.y(),
                            (float) d.width(),
                            (float) d.height(),
                            (float) d.score(),
                            face.probabilities()));
        }
        return new FrameFaces(
                frame.getCameraId(),
                frame.getSequence(),
                frame.getCaptureTime().toEpochMilli(),
                frame.getWidth(),
                frame.getHeight(),
                observations,
                modelName,
                modelVersion,
                labels);
    }

    /**
     * The encoded image; Avro decodes it into an array of its own, which is used without a copy.
     */
    private static byte[] bytesOf(CameraFrame frame) {
        var buffer = frame.getImage();
        if (buffer.hasArray()
                && buffer.arrayOffset() == 0
                && buffer.position() == 0
                && buffer.remaining() == buffer.array().length) {
            return buffer.array(); // only read by the decoder
        }
        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return bytes;
    }

    @Override
    public void close() throws Exception {
        closed = true;
        if (lease != null) {
            lease.close(); // the last slot to close shuts the batchers down and releases the
            // sessions
            lease = null;
        }
    }
}
