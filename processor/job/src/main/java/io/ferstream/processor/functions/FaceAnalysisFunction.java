package io.ferstream.processor.functions;

import io.ferstream.image.FrameImages;
import io.ferstream.image.ImageHeader;
import io.ferstream.image.ImageRejectedException;
import io.ferstream.inference.AnalysisSettings;
import io.ferstream.inference.Face;
import io.ferstream.inference.FaceAnalyzer;
import io.ferstream.inference.image.ImageDecoder;
import io.ferstream.inference.image.RgbImage;
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
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;
import org.apache.flink.streaming.api.functions.async.ResultFuture;
import org.apache.flink.streaming.api.functions.async.RichAsyncFunction;

/**
 * Decode, detect, crop, classify. Decoding runs on the task thread (it is the per-frame CPU cost
 * that should slow the source down); detection and classification go to the TaskManager's shared
 * {@link FaceAnalyzer}, whose dynamic batchers combine frames and faces from every slot and camera
 * into model calls. Flink's async operator bounds the frames in flight (backpressure, never memory
 * growth) and, in ordered mode, emits each camera's frames in order.
 *
 * <p>An image that cannot be used becomes a dead letter. A failure of the models themselves is not
 * the frame's fault: it fails the job, which restarts from its checkpoint and analyses the frame
 * again, so nothing is lost.
 */
public final class FaceAnalysisFunction extends RichAsyncFunction<SourcedFrame, AnalysisOutcome> {

    private static final long serialVersionUID = 1L;

    /**
     * One analyzer per TaskManager (per job class loader) and configuration, shared by all slots.
     */
    private static final SharedRegistry<AnalysisSettings, FaceAnalyzer> ANALYZERS =
            new SharedRegistry<>();

    private final AnalysisSettings settings;
    private transient SharedRegistry<AnalysisSettings, FaceAnalyzer>.Lease lease;
    private transient FaceAnalyzer analyzer;
    private transient ImageDecoder decoder;
    private transient String modelName;
    private transient String modelVersion;
    private transient String[] labels;
    private transient Histogram decodeMicros;

    public FaceAnalysisFunction(AnalysisSettings settings) {
        this.settings = settings;
    }

    public static FaceAnalysisFunction fromConfig(JobConfig config) {
        return new FaceAnalysisFunction(config.analysis());
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
        modelName = classifier.name();
        modelVersion = classifier.version();
        labels = analyzer.labels().toArray(String[]::new);
    }

    @Override
    public void asyncInvoke(SourcedFrame in, ResultFuture<AnalysisOutcome> result)
            throws Exception {
        CameraFrame frame = in.frame;
        RgbImage image;
        long start = System.nanoTime();
        try {
            // The gate's checks again: producers may write to the frames topic directly.
            ImageHeader header = FrameImages.check(frame, settings.images().limits());
            image = decoder.decode(bytesOf(frame), header);
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
        analyzer.analyzeAsync(image)
                .whenComplete(
                        (faces, error) -> {
                            if (error != null) {
                                result.completeExceptionally(error);
                            } else {
                                result.complete(
                                        List.of(AnalysisOutcome.of(toFrameFaces(frame, faces))));
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
        if (lease != null) {
            lease.close(); // the last slot to close shuts the batchers down and releases the
            // sessions
            lease = null;
        }
    }
}
