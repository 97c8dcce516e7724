package io.ferstream.analyze;

import io.ferstream.inference.model.ModelDescriptorException;
import io.ferstream.ingest.camera.SourceException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One run of {@code analyze}: frames from the source, one at a time, through the job's analysis,
 * out as JSON lines (and annotated pictures), with progress and a summary. Memory stays bounded
 * whatever the length of the source: one frame is held at a time, and nothing accumulates but
 * counters. Everything it opens it closes, in reverse order, also on failure.
 */
final class OfflineAnalysis {

    /**
     * What a run did.
     *
     * @param elapsed from the first frame to the last, models loaded
     * @param tracks tracks begun and confirmed; null when tracking was off
     */
    record Outcome(Summary summary, Duration elapsed, Summary.TrackCount tracks) {

        /** The closing report for standard error. */
        String report() {
            return summary.report(elapsed, tracks);
        }
    }

    private final AnalyzeConfig config;
    private final AtomicBoolean stopping = new AtomicBoolean();

    OfflineAnalysis(AnalyzeConfig config) {
        this.config = config;
    }

    /** Asks a run in progress to stop after its current frame, and to finish its outputs. */
    void stop() {
        stopping.set(true);
    }

    /**
     * Runs to the end of the source, {@code maxFrames} or {@link #stop()}.
     *
     * @param out where the JSON lines go (flushed, not closed)
     * @param err where progress goes
     */
    Outcome run(Writer out, PrintWriter err) throws IOException, InterruptedException {
        Summary summary = new Summary();
        try (FrameInput input = openInput();
                FrameAnalysis analysis = openAnalysis();
                FrameLineWriter lines =
                        new FrameLineWriter(out, analysis.labels(), config.track());
                Annotations annotations =
                        new Annotations(
                                config.detection().regions(),
                                config.annotateDir(),
                                config.annotateVideo(),
                                input.framesPerSecond())) {
            Progress progress =
                    new Progress(err, Progress.modeFor(config.progress()), input.durationMillis());
            long start = System.nanoTime(); // frames/s of the analysis, not of loading models
            try {
                FrameInput.Frame frame;
                while (!stopping.get()
                        && (config.frames().maxFrames() == 0
                                || summary.frames() < config.frames().maxFrames())
                        && (frame = input.next()) != null) {
                    FrameAnalysis.Analysed analysed = analysis.analyse(frame);
                    lines.write(analysed.result());
                    annotations.add(analysed.pixels(), analysed.result());
                    summary.add(analysed.result());
                    progress.update(summary.frames(), frame.positionMillis(), summary.faces());
                }
            } finally {
                progress.finish();
            }
            return new Outcome(
                    summary, Duration.ofNanos(System.nanoTime() - start), analysis.tracks());
        } catch (SourceException e) {
            throw new AnalyzeException(AnalyzeException.FAILED, e.getMessage(), e);
        } catch (ExecutionException e) {
            throw new AnalyzeException(
                    AnalyzeException.FAILED, "the analysis failed: " + e.getCause(), e.getCause());
        }
    }

    private FrameInput openInput() {
        try {
            return FrameInput.open(config);
        } catch (SourceException e) {
            throw new AnalyzeException(AnalyzeException.SOURCE_UNREADABLE, e.getMessage(), e);
        }
    }

    private FrameAnalysis openAnalysis() {
        try {
            return FrameAnalysis.open(config);
        } catch (ModelDescriptorException | IllegalStateException e) {
            // a descriptor or ONNX file missing or wrong, or ONNX Runtime refusing the model
            throw new AnalyzeException(AnalyzeException.MODELS_UNUSABLE, e.getMessage(), e);
        }
    }
}
