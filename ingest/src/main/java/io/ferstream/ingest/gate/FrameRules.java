package io.ferstream.ingest.gate;

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
    Objects.requireNonNull(images, "images");
    Objects.requireNonNull(maxFutureSkew, "maxFutureSkew");
    Objects.requireNonNull(maxAge, "maxAge");
    if (maxFutureSkew.isNegative()) {
      throw new IllegalArgumentException("max future skew must not be negative, got " + maxFutureSkew);
    }
    if (maxAge.isNegative() || maxAge.isZero()) {
      throw new IllegalArgumentException("max age (staleness bound) must be positive, got " + maxAge);
    }
    allowedCameras = Set.copyOf(Objects.requireNonNull(allowedCameras, "allowedCameras"));
  }
}
