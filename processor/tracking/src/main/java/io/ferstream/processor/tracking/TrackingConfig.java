package io.ferstream.processor.tracking;

import io.ferstream.config.ConfigReader;
import io.ferstream.config.Setting;
import java.io.Serializable;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Settings of the per-camera face tracker, expression smoother and event rules. Immutable and
 * validated on construction: an invalid value fails with a message naming the key to set. Each key
 * is declared once in {@link #SETTINGS}, which the job's configuration reads and README.md's table
 * documents.
 */
public record TrackingConfig(
        double minIou,
        int minHits,
        Duration maxAge,
        Duration tau,
        double margin,
        Duration dwell,
        Duration updatePeriod,
        int maxTracksPerCamera,
        boolean motionPrediction,
        Duration maxCameraSkew,
        FaceQuality quality)
        implements Serializable {

    public static final Setting<Double> MIN_IOU =
            Setting.decimal(
                            "tracking.min-iou",
                            0.3,
                            "box overlap (IoU) a face needs with a track's predicted box to"
                                    + " continue it")
                    .check(v -> v > 0 && v <= 1, "be within (0, 1], e.g. 0.3");
    public static final Setting<Integer> MIN_HITS =
            Setting.integerAtLeast(
                    "tracking.min-hits",
                    3,
                    1,
                    "observations before a track is confirmed and `TRACK_STARTED` is emitted");
    public static final Setting<Duration> MAX_AGE =
            Setting.positiveDuration(
                    "tracking.max-age",
                    Duration.ofSeconds(1),
                    "event time without an observation before `TRACK_ENDED`");
    public static final Setting<Duration> TAU =
            Setting.duration(
                    "tracking.tau",
                    Duration.ofMillis(500),
                    "smoothing time constant: `alpha = 1 - exp(-dt / tau)`; 0 disables smoothing");
    public static final Setting<Double> MARGIN =
            Setting.decimal(
                            "tracking.margin",
                            0.15,
                            "how far another label must lead the smoothed distribution to take over"
                                    + " (hysteresis)")
                    .check(v -> v >= 0 && v < 1, "be within [0, 1), e.g. 0.15");
    public static final Setting<Duration> DWELL =
            Setting.duration(
                    "tracking.dwell",
                    Duration.ofMillis(500),
                    "how long that lead must hold before `EXPRESSION_CHANGED`");
    public static final Setting<Duration> UPDATE_PERIOD =
            Setting.durationOrOff(
                    "tracking.update-period",
                    Duration.ZERO,
                    "period of `TRACK_UPDATED` per track, in event time");
    public static final Setting<Integer> MAX_TRACKS_PER_CAMERA =
            Setting.integerAtLeast(
                    "tracking.max-tracks-per-camera",
                    64,
                    1,
                    "bounds state; further faces are counted and ignored");
    public static final Setting<Boolean> MOTION_PREDICTION =
            Setting.bool(
                    "tracking.motion-prediction",
                    true,
                    "constant-velocity prediction of boxes before matching");

    public static final Setting<Duration> MAX_CAMERA_SKEW =
            Setting.duration(
                    "tracking.max-camera-skew",
                    Duration.ofSeconds(60),
                    "how far the clocks of cameras sharing a partition may disagree (either way)"
                            + " while each keeps exactly its own events; a camera that goes silent"
                            + " ends its tracks once the other cameras' time passes its last frame"
                            + " by `tracking.max-age` plus this");

    public static final List<Setting<?>> SETTINGS =
            List.of(
                    MIN_IOU,
                    MIN_HITS,
                    MAX_AGE,
                    TAU,
                    MARGIN,
                    DWELL,
                    UPDATE_PERIOD,
                    MAX_TRACKS_PER_CAMERA,
                    MOTION_PREDICTION,
                    MAX_CAMERA_SKEW,
                    FaceQuality.MIN_FACE_PX,
                    FaceQuality.MIN_SCORE);

    private static final TrackingConfig DEFAULTS =
            new TrackingConfig(
                    MIN_IOU.defaultValue(),
                    MIN_HITS.defaultValue(),
                    MAX_AGE.defaultValue(),
                    TAU.defaultValue(),
                    MARGIN.defaultValue(),
                    DWELL.defaultValue(),
                    UPDATE_PERIOD.defaultValue(),
                    MAX_TRACKS_PER_CAMERA.defaultValue(),
                    MOTION_PREDICTION.defaultValue(),
                    MAX_CAMERA_SKEW.defaultValue(),
                    FaceQuality.DEFAULT);

    /** Validates every field; a null update period means off. */
    public TrackingConfig {
        MIN_IOU.requireValid(minIou);
        MIN_HITS.requireValid(minHits);
        MAX_AGE.requireValid(Objects.requireNonNull(maxAge, MAX_AGE.key()));
        TAU.requireValid(Objects.requireNonNull(tau, TAU.key()));
        MARGIN.requireValid(margin);
        DWELL.requireValid(Objects.requireNonNull(dwell, DWELL.key()));
        updatePeriod = updatePeriod == null ? Duration.ZERO : updatePeriod;
        MAX_TRACKS_PER_CAMERA.requireValid(maxTracksPerCamera);
        MAX_CAMERA_SKEW.requireValid(Objects.requireNonNull(maxCameraSkew, MAX_CAMERA_SKEW.key()));
        Objects.requireNonNull(quality, "quality");
    }

    /** The documented defaults. */
    public static TrackingConfig defaults() {
        return DEFAULTS;
    }

    /** Whether {@code TRACK_UPDATED} events are emitted. */
    public boolean updatesEnabled() {
        return !updatePeriod.isZero();
    }

    /** This configuration with another face quality rule. */
    public TrackingConfig withQuality(FaceQuality rule) {
        return new TrackingConfig(
                minIou,
                minHits,
                maxAge,
                tau,
                margin,
                dwell,
                updatePeriod,
                maxTracksPerCamera,
                motionPrediction,
                maxCameraSkew,
                rule);
    }

    /** Reads the {@code tracking.*} and {@code quality.*} settings; problems go to the reader. */
    public static TrackingConfig read(ConfigReader reader) {
        return new TrackingConfig(
                reader.get(MIN_IOU),
                reader.get(MIN_HITS),
                reader.get(MAX_AGE),
                reader.get(TAU),
                reader.get(MARGIN),
                reader.get(DWELL),
                reader.get(UPDATE_PERIOD),
                reader.get(MAX_TRACKS_PER_CAMERA),
                reader.get(MOTION_PREDICTION),
                reader.get(MAX_CAMERA_SKEW),
                FaceQuality.read(reader));
    }
}
