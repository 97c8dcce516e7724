package io.ferstream.analyze;

import io.ferstream.ingest.camera.FrameShapeOptions;
import java.time.Duration;

/**
 * How frames are taken from the source: as {@code ferstream-camera} takes them (sampling, resizing,
 * JPEG quality), so that pixel sizes and frame intervals mean what they will mean in the job.
 *
 * @param fps keep frames at least 1/fps apart by their timestamps; 0 keeps every frame
 * @param maxDimension longer side at most this many pixels after resizing; 0 keeps the source size
 * @param jpegQuality 1..100
 * @param imageInterval images: their spacing on the timeline (they have no timestamps)
 * @param maxFrames stop after this many frames; 0 for all
 */
record FrameOptions(
        double fps, int maxDimension, int jpegQuality, Duration imageInterval, long maxFrames) {

    FrameOptions(FrameShapeOptions camera, long maxFrames) {
        this(
                camera.fps(),
                camera.maxDimension(),
                camera.jpegQuality(),
                camera.imageInterval(),
                maxFrames);
    }

    FrameOptions {
        if (!(fps >= 0) || Double.isInfinite(fps)) {
            throw new IllegalArgumentException("--fps must be 0 or positive, got " + fps);
        }
        if (maxDimension < 0) {
            throw new IllegalArgumentException(
                    "--max-dimension must be 0 (source size) or positive, got " + maxDimension);
        }
        if (jpegQuality < 1 || jpegQuality > 100) {
            throw new IllegalArgumentException(
                    "--jpeg-quality must be within 1..100, got " + jpegQuality);
        }
        if (imageInterval == null || imageInterval.toMillis() < 1) {
            throw new IllegalArgumentException(
                    "--image-interval must be at least 1ms, got " + imageInterval);
        }
        if (maxFrames < 0) {
            throw new IllegalArgumentException(
                    "--max-frames must be 0 (all) or positive, got " + maxFrames);
        }
    }
}
