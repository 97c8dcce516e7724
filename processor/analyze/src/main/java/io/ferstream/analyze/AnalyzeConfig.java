package io.ferstream.analyze;

import io.ferstream.inference.detection.DetectionSettings;
import io.ferstream.ingest.camera.SourceSpec;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Everything one {@code analyze} run needs, validated.
 *
 * @param source the video file or images to read (never a live stream)
 * @param frames how frames are taken from it
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
        FrameOptions frames,
        String cameraId,
        JobSettings settings,
        boolean track,
        Path out,
        Path annotateDir,
        Path annotateVideo,
        boolean progress) {

    AnalyzeConfig {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(frames, "frames");
        Objects.requireNonNull(settings, "settings");
        requireFile(source);
        if (cameraId == null || cameraId.isBlank()) {
            throw new IllegalArgumentException("--camera-id must not be empty");
        }
    }

    /** {@code source} when it is a file or images; live streams are the camera's to read. */
    static SourceSpec requireFile(SourceSpec source) {
        if (source.live()) {
            throw new IllegalArgumentException(
                    "analyze reads files: a video file, an image folder or glob; "
                            + source.kind()
                            + " sources are for ferstream-camera");
        }
        return source;
    }

    /** How this camera's frames are searched: the job's settings with its overrides. */
    DetectionSettings detection() {
        return settings.detection().forCamera(cameraId);
    }
}
