package io.ferstream.analyze;

import io.ferstream.ingest.camera.FpsSampler;
import io.ferstream.ingest.camera.FrameEncoder;
import io.ferstream.ingest.camera.FramePipeline;
import io.ferstream.ingest.camera.FrameSource;
import io.ferstream.ingest.camera.GrabberSource;
import io.ferstream.ingest.camera.ImageFolderSource;
import io.ferstream.ingest.camera.SourceException;
import io.ferstream.ingest.camera.SourceKind;
import io.ferstream.ingest.camera.SourceOptions;
import io.ferstream.schema.CameraFrame;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The frames of a video file or of images, as {@code ferstream-camera} would send them: read by
 * ingest's sources, sampled to the camera's frame rate, resized and JPEG-encoded by its {@link
 * FramePipeline}, numbered from 0. Capture times start at the epoch, so a frame's capture time is
 * its position in the source. Holds one frame at a time.
 */
final class FrameInput implements AutoCloseable {

    /** One frame as the job would receive it, and where it came from. */
    record Frame(CameraFrame frame, long positionMillis, String image) {

        long sequence() {
            return frame.getSequence();
        }
    }

    private final FramePipeline pipeline;
    private final GrabberSource video;
    private final List<Path> images;
    private final Duration imageInterval;
    private final double fps;

    private FrameInput(
            FramePipeline pipeline,
            GrabberSource video,
            List<Path> images,
            Duration imageInterval,
            double fps) {
        this.pipeline = pipeline;
        this.video = video;
        this.images = images;
        this.imageInterval = imageInterval;
        this.fps = fps;
    }

    /** Opens the source; throws with the reason when it cannot be read. */
    static FrameInput open(AnalyzeConfig config) throws SourceException {
        SourceOptions options =
                SourceOptions.defaults()
                        .withCaptureStart(Instant.EPOCH)
                        .withImageInterval(config.frames().imageInterval());
        GrabberSource video = null;
        List<Path> images = List.of();
        FrameSource source;
        if (config.source().kind() == SourceKind.IMAGES) {
            try {
                images = ImageFolderSource.listImages(config.source().location());
            } catch (IOException e) {
                throw new SourceException(
                        "cannot list images in " + config.source().location() + ": " + e, e);
            }
            source = new ImageFolderSource(config.source(), options, Clock.systemUTC());
        } else {
            video = new GrabberSource(config.source(), options, Clock.systemUTC());
            source = video;
        }
        FramePipeline pipeline =
                new FramePipeline(
                        source,
                        new FpsSampler(config.frames().fps()),
                        null, // offline: as fast as the analysis goes
                        new FrameEncoder(
                                config.frames().maxDimension(), config.frames().jpegQuality()),
                        config.cameraId(),
                        0,
                        null);
        try {
            pipeline.open();
        } catch (SourceException | RuntimeException e) {
            pipeline.close();
            throw e;
        }
        return new FrameInput(
                pipeline, video, images, config.frames().imageInterval(), config.frames().fps());
    }

    /** The next frame, or null at the end. */
    Frame next() throws SourceException, InterruptedException {
        CameraFrame frame = pipeline.next();
        if (frame == null) {
            return null;
        }
        long position = frame.getCaptureTime().toEpochMilli();
        return new Frame(frame, position, imageAt(position));
    }

    // Image i sits at i * interval on the source's timeline, unreadable ones included.
    private String imageAt(long positionMillis) {
        if (images.isEmpty()) {
            return null;
        }
        long index = positionMillis / imageInterval.toMillis();
        return index < images.size() ? images.get((int) index).toString() : null;
    }

    /** How long the source lasts, in milliseconds; 0 if it does not say. */
    long durationMillis() {
        if (video != null) {
            return video.declaredDurationMicros() / 1000;
        }
        return images.size() * imageInterval.toMillis();
    }

    /** The rate of the frames this input yields: the source's, or the sampler's if lower. */
    double framesPerSecond() {
        double source =
                video != null ? video.declaredFrameRate() : 1000.0 / imageInterval.toMillis();
        if (!(source > 0)) {
            source = fps > 0 ? fps : 25;
        }
        return fps > 0 ? Math.min(fps, source) : source;
    }

    @Override
    public void close() {
        pipeline.close();
    }
}
