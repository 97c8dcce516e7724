package io.ferstream.analyze;

import io.ferstream.inference.detection.DetectionSettings;
import io.ferstream.ingest.camera.SourceSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Everything one {@code analyze} run needs, validated.
 *
 * @param source the video file or images to read (never a live stream)
 * @param imageInterval images: their spacing on the timeline (they have no timestamps)
 * @param fps keep frames at least 1/fps apart, as the camera does; 0 keeps every frame
 * @param maxDimension the camera's resizing: longer side at most this; 0 keeps the source size
 * @param jpegQuality the camera's JPEG quality, 1..100
 * @param maxFrames stop after this many frames; 0 for all
 * @param cameraId whose {@code camera.<id>.detection.*} overrides apply; names the tracks' camera
 * @param settings the job's settings
 * @param track whether to run the job's tracker
 * @param out where the JSON lines go; null for standard output
 * @param annotateDir where annotated JPEGs go; null for none
 * @param annotateVideo the annotated video to write; null for none
 * @param progress whether to show progress on standard error
 */
record AnalyzeConfig(
        SourceSpec source,
        Duration imageInterval,
        double fps,
        int maxDimension,
        int jpegQuality,
        long maxFrames,
        String cameraId,
        JobSettings settings,
        boolean track,
        Path out,
        Path annotateDir,
        Path annotateVideo,
        boolean progress) {

    AnalyzeConfig {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(settings, "settings");
        if (source.live()) {
            throw new IllegalArgumentException(
                    "analyze reads files: a video file, an image folder or glob; "
                            + source.kind()
                            + " sources are for ferstream-camera");
        }
        if (imageInterval.toMillis() < 1) {
            throw new IllegalArgumentException(
                    "--image-interval must be at least 1ms, got " + imageInterval);
        }
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
        if (maxFrames < 0) {
            throw new IllegalArgumentException(
                    "--max-frames must be 0 (all) or positive, got " + maxFrames);
        }
        if (cameraId == null || cameraId.isBlank()) {
            throw new IllegalArgumentException("--camera-id must not be empty");
        }
    }

    /** How this camera's frames are searched: the job's settings with its overrides. */
    DetectionSettings detection() {
        return settings.detection().forCamera(cameraId);
    }
}
