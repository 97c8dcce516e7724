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
 * @param maxFutureSkew how far a capture time may be ahead of the time the record entered Kafka (a
 *     camera clock running ahead)
 * @param maxAge how far a capture time may be behind the time the record entered Kafka before the
 *     frame is stale (a camera clock running behind, or a frame delivered late)
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
     * The documented defaults: the default image limits, 60 s of clock skew either way (the job's
     * tolerance), every camera.
     */
    public static FrameRules defaults() {
        return new FrameRules(
                ImageLimits.DEFAULT, Duration.ofSeconds(60), Duration.ofSeconds(60), Set.of());
    }
}
