package io.ferstream.ingest.gate;

import io.ferstream.config.Problems;
import io.ferstream.image.ImageLimits;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * The limits a frame must respect to pass the gate (the throttle is separate: it needs state).
 *
 * @param images the image limits, the same the processor applies
 * @param maxFutureSkew how far a capture time may be ahead of the gate's clock (camera clock skew)
 * @param maxAge how far a capture time may be behind the gate's clock before the frame is stale
 * @param allowedCameras cameras allowed through; empty means every camera
 */
public record FrameRules(
        ImageLimits images, Duration maxFutureSkew, Duration maxAge, Set<String> allowedCameras) {

    public FrameRules {
        Problems problems = new Problems();
        problems.require(images != null, "image limits", "required");
        problems.require(
                maxFutureSkew != null && !maxFutureSkew.isNegative(),
                "--max-future-skew",
                "must not be negative, got " + maxFutureSkew);
        problems.require(
                maxAge != null && !maxAge.isNegative() && !maxAge.isZero(),
                "--max-age",
                "must be more than 0, got " + maxAge);
        problems.throwIfAny("frame rules");
        allowedCameras = Set.copyOf(Objects.requireNonNull(allowedCameras, "allowedCameras"));
    }

    /**
     * The documented defaults: the default image limits, 5 s of clock skew, 30 s to go stale, every
     * camera.
     */
    public static FrameRules defaults() {
        return new FrameRules(
                ImageLimits.DEFAULT, Duration.ofSeconds(5), Duration.ofSeconds(30), Set.of());
    }
}
