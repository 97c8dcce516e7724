package io.ferstream.analyze;

import io.ferstream.image.FrameImages;
import io.ferstream.image.ImageHeader;
import io.ferstream.image.ImageRejectedException;
import io.ferstream.inference.AnalysisSettings;
import io.ferstream.inference.AnalyzedFrame;
import io.ferstream.inference.Face;
import io.ferstream.inference.FaceAnalyzer;
import io.ferstream.inference.IntervalAnalyzer;
import io.ferstream.inference.batch.BatcherMetrics;
import io.ferstream.inference.detection.DetectionSettings;
import io.ferstream.inference.image.FramePixels;
import io.ferstream.inference.image.ImageDecoder;
import io.ferstream.inference.model.LoadedModel;
import io.ferstream.inference.model.ModelLoader;
import io.ferstream.schema.CameraFrame;
import io.ferstream.schema.ExpressionEvent;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;

/**
 * One camera's frames through the job's analysis, one at a time: the image checks and decoding of
 * the job's face-analysis function, detection as the camera's {@link DetectionSettings} say
 * (detect-every-N included, through {@link IntervalAnalyzer}), the face quality rule, and
 * optionally the job's tracker. Owns the analyzer it opens.
 */
final class FrameAnalysis implements AutoCloseable {

    /** A frame's result and the pixels it was found in (null if the image was refused). */
    record Analysed(FrameResult result, FramePixels pixels) {}

    /** The one frame in flight: frames are analysed one after the other. */
    private static final int FRAMES_IN_FLIGHT = 1;

    private final FaceAnalyzer analyzer;
    private final IntervalAnalyzer intervals;
    private final ImageDecoder decoder;
    private final AnalysisSettings settings;
    private final String cameraId;
    private final DetectionSettings detection;
    private final FaceJudgement judgement;
    private final FaceTracks tracks;

    private FrameAnalysis(AnalyzeConfig config, FaceAnalyzer analyzer, LoadedModel classifier) {
        this.analyzer = analyzer;
        this.intervals = new IntervalAnalyzer(analyzer, FRAMES_IN_FLIGHT);
        this.settings = config.settings().analysis();
        this.decoder = new ImageDecoder(settings.images());
        this.cameraId = config.cameraId();
        this.detection = config.detection();
        this.judgement =
                new FaceJudgement(config.settings().tracking().quality(), analyzer.labels());
        this.tracks =
                config.track()
                        ? new FaceTracks(
                                config.settings().tracking(),
                                cameraId,
                                new FaceTracks.ModelInfo(
                                        classifier.name(), classifier.version(), analyzer.labels()))
                        : null;
    }

    /** Loads the models and opens their sessions; a model that cannot be loaded throws. */
    static FrameAnalysis open(AnalyzeConfig config) {
        AnalysisSettings settings = config.settings().analysis();
        LoadedModel detector = ModelLoader.load(Path.of(settings.detectorDescriptor()));
        LoadedModel classifier = ModelLoader.load(Path.of(settings.classifierDescriptor()));
        FaceAnalyzer analyzer =
                FaceAnalyzer.open(
                        detector,
                        classifier,
                        settings.analyzer(),
                        BatcherMetrics.NOOP,
                        BatcherMetrics.NOOP);
        try {
            return new FrameAnalysis(config, analyzer, classifier);
        } catch (RuntimeException e) {
            analyzer.close();
            throw e;
        }
    }

    /** The classifier's labels, in its output order. */
    List<String> labels() {
        return judgement.labels();
    }

    /** Tracks begun and confirmed so far; null when tracking is off. */
    Summary.TrackCount tracks() {
        return tracks == null ? null : new Summary.TrackCount(tracks.tracks(), tracks.confirmed());
    }

    Analysed analyse(FrameInput.Frame input) throws InterruptedException, ExecutionException {
        CameraFrame frame = input.frame();
        FramePixels image;
        try {
            ImageHeader header = FrameImages.check(frame, settings.images().limits());
            // the camera's pipeline wrapped the encoder's whole array: no copy needed
            image = FramePixels.of(frame.getImage().array(), header, decoder);
            // decoded now, at the detector's scale, as the job does: a bad image is refused here
            image.at(analyzer.detectionScale(image, detection));
        } catch (ImageRejectedException e) {
            var rejection = new FrameResult.Rejection(e.reason().name(), e.getMessage());
            return new Analysed(result(input, false, 0, rejection, List.of(), List.of()), null);
        }
        AnalyzedFrame analysed =
                intervals.analyze(cameraId, input.sequence(), image, detection).get();
        List<Face> faces = analysed.faces();
        FaceTracks.Tracked tracked =
                tracks == null
                        ? null
                        : tracks.observe(
                                input.sequence(),
                                frame.getCaptureTime().toEpochMilli(),
                                image.width(),
                                image.height(),
                                faces);
        List<FaceResult> results = new ArrayList<>(faces.size());
        for (int i = 0; i < faces.size(); i++) {
            results.add(
                    judgement.judge(
                            faces.get(i), tracked == null ? null : tracked.tracks().get(i)));
        }
        int looks =
                analysed.detected()
                        ? analyzer.detector().looks(image.width(), image.height(), detection)
                        : 0;
        return new Analysed(
                result(
                        input,
                        analysed.detected(),
                        looks,
                        null,
                        results,
                        tracked == null ? List.of() : tracked.events()),
                image);
    }

    private static FrameResult result(
            FrameInput.Frame input,
            boolean detected,
            int looks,
            FrameResult.Rejection rejected,
            List<FaceResult> faces,
            List<ExpressionEvent> events) {
        CameraFrame frame = input.frame();
        return new FrameResult(
                input.sequence(),
                input.positionMillis(),
                input.image(),
                frame.getWidth(),
                frame.getHeight(),
                detected,
                looks,
                rejected,
                faces,
                events);
    }

    /** Drains the batchers and releases the model sessions. */
    @Override
    public void close() {
        analyzer.close();
    }
}
