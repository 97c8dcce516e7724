package io.ferstream.ingest.camera;

import io.ferstream.config.cli.DurationConverter;
import java.time.Duration;
import picocli.CommandLine.Option;

/**
 * How a camera's frames are taken from its source: sampled, resized and encoded. Declared once, a
 * picocli mixin, for {@code ferstream-camera} and for {@code ferstream-analyze}, which must take
 * frames exactly as the camera does for sizes and intervals to mean the same in both.
 */
public final class FrameShapeOptions {

    @Option(
            names = "--fps",
            paramLabel = "FPS",
            defaultValue = "10",
            description =
                    "Keep frames at least 1/fps apart by capture time; 0 = every frame (default:"
                            + " ${DEFAULT-VALUE}).")
    double fps;

    @Option(
            names = "--max-dimension",
            paramLabel = "PX",
            defaultValue = "1280",
            description =
                    "Resize so the longer side is at most this, keeping the aspect ratio; 0 ="
                            + " source size (default: ${DEFAULT-VALUE}).")
    int maxDimension;

    @Option(
            names = "--jpeg-quality",
            paramLabel = "Q",
            defaultValue = "85",
            description = "1..100 (default: ${DEFAULT-VALUE}).")
    int jpegQuality;

    @Option(
            names = "--image-interval",
            paramLabel = "DURATION",
            defaultValue = "1s",
            converter = DurationConverter.class,
            description = "Images: timeline spacing between images (default: ${DEFAULT-VALUE}).")
    Duration imageInterval;

    /** Frames per second to keep; 0 keeps every frame. */
    public double fps() {
        return fps;
    }

    /** Longest side after resizing, in pixels; 0 keeps the source size. */
    public int maxDimension() {
        return maxDimension;
    }

    /** JPEG quality, 1..100. */
    public int jpegQuality() {
        return jpegQuality;
    }

    /** Timeline spacing of images, which have no timestamps. */
    public Duration imageInterval() {
        return imageInterval;
    }
}
