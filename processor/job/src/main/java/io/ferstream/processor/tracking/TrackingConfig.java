package io.ferstream.processor.tracking;

import java.io.Serializable;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Settings of the per-camera face tracker, expression smoother and event rules. Immutable and
 * validated on construction: an invalid value fails with a message naming the key to set.
 *
 * <table>
 *   <caption>Keys read by {@link #fromMap(Map)}</caption>
 *   <tr><th>key</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>{@code tracking.min-iou}</td><td>0.3</td>
 *       <td>Box overlap (intersection over union, 0..1] a face needs with a track's (predicted)
 *       box to continue that track.</td></tr>
 *   <tr><td>{@code tracking.min-hits}</td><td>3</td>
 *       <td>Observations before a track is confirmed and {@code TRACK_STARTED} is emitted;
 *       tracks that never get there are dropped silently.</td></tr>
 *   <tr><td>{@code tracking.max-age}</td><td>1s</td>
 *       <td>Event time without an observation after which a track ends ({@code TRACK_ENDED}).</td></tr>
 *   <tr><td>{@code tracking.tau}</td><td>500ms</td>
 *       <td>Time constant of the exponential moving average of the probabilities:
 *       {@code alpha = 1 - exp(-dt / tau)}; 0 disables smoothing.</td></tr>
 *   <tr><td>{@code tracking.margin}</td><td>0.15</td>
 *       <td>How far [0..1) another label must lead the current one in the smoothed distribution
 *       before it can take over.</td></tr>
 *   <tr><td>{@code tracking.dwell}</td><td>500ms</td>
 *       <td>How long (event time) that lead must hold before {@code EXPRESSION_CHANGED}.</td></tr>
 *   <tr><td>{@code tracking.update-period}</td><td>off</td>
 *       <td>Emit {@code TRACK_UPDATED} for a confirmed track when this much event time has
 *       passed since its last event; {@code off} or 0 disables.</td></tr>
 *   <tr><td>{@code tracking.max-tracks-per-camera}</td><td>64</td>
 *       <td>Bound on tracks (tentative and confirmed) per camera; when full, new faces are
 *       ignored and counted.</td></tr>
 *   <tr><td>{@code tracking.motion-prediction}</td><td>true</td>
 *       <td>Predict each track's box with constant velocity before matching (helps with fast
 *       or crossing faces).</td></tr>
 * </table>
 *
 * <p>Durations accept {@code 250ms}, {@code 1s}, {@code 1.5s}, {@code 2m} or ISO-8601
 * ({@code PT0.5S}).
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
        boolean motionPrediction) implements Serializable {

    public static final String PREFIX = "tracking.";
    public static final String MIN_IOU = PREFIX + "min-iou";
    public static final String MIN_HITS = PREFIX + "min-hits";
    public static final String MAX_AGE = PREFIX + "max-age";
    public static final String TAU = PREFIX + "tau";
    public static final String MARGIN = PREFIX + "margin";
    public static final String DWELL = PREFIX + "dwell";
    public static final String UPDATE_PERIOD = PREFIX + "update-period";
    public static final String MAX_TRACKS_PER_CAMERA = PREFIX + "max-tracks-per-camera";
    public static final String MOTION_PREDICTION = PREFIX + "motion-prediction";

    private static final Set<String> KEYS = Set.of(MIN_IOU, MIN_HITS, MAX_AGE, TAU, MARGIN, DWELL,
            UPDATE_PERIOD, MAX_TRACKS_PER_CAMERA, MOTION_PREDICTION);

    private static final TrackingConfig DEFAULTS = new TrackingConfig(0.3, 3, Duration.ofSeconds(1),
            Duration.ofMillis(500), 0.15, Duration.ofMillis(500), Duration.ZERO, 64, true);

    /** Validates every field; a null update period means off. */
    public TrackingConfig {
        if (!(minIou > 0.0 && minIou <= 1.0)) {
            throw invalid(MIN_IOU, minIou, "a box overlap in (0, 1], e.g. 0.3");
        }
        if (minHits < 1) {
            throw invalid(MIN_HITS, minHits, "the number of observations (>= 1) that confirms a track, e.g. 3");
        }
        requirePositive(MAX_AGE, maxAge, "how long a track survives without observations, e.g. 1s");
        requireNotNegative(TAU, tau, "the smoothing time constant, e.g. 500ms (0 disables smoothing)");
        if (!(margin >= 0.0 && margin < 1.0)) {
            throw invalid(MARGIN, margin, "a probability lead in [0, 1), e.g. 0.15");
        }
        requireNotNegative(DWELL, dwell, "how long a lead must hold, e.g. 500ms (0 switches at once)");
        updatePeriod = updatePeriod == null ? Duration.ZERO : updatePeriod;
        requireNotNegative(UPDATE_PERIOD, updatePeriod, "a period such as 5s, or off");
        if (maxTracksPerCamera < 1) {
            throw invalid(MAX_TRACKS_PER_CAMERA, maxTracksPerCamera,
                    "the most tracks kept per camera (>= 1), e.g. 64");
        }
    }

    /** The documented defaults. */
    public static TrackingConfig defaults() {
        return DEFAULTS;
    }

    /** Whether {@code TRACK_UPDATED} events are emitted. */
    public boolean updatesEnabled() {
        return !updatePeriod.isZero();
    }

    /**
     * Reads the {@code tracking.*} keys of {@code settings}; absent keys keep their defaults,
     * other prefixes are ignored, an unknown {@code tracking.*} key is rejected (likely a typo).
     */
    public static TrackingConfig fromMap(Map<String, String> settings) {
        Set<String> unknown = new TreeSet<>();
        for (String key : settings.keySet()) {
            if (key.startsWith(PREFIX) && !KEYS.contains(key)) {
                unknown.add(key);
            }
        }
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("Unknown tracking setting(s) " + unknown
                    + "; the known keys are " + new TreeSet<>(KEYS));
        }
        TrackingConfig d = DEFAULTS;
        return new TrackingConfig(
                doubleOf(settings, MIN_IOU, d.minIou()),
                intOf(settings, MIN_HITS, d.minHits()),
                durationOf(settings, MAX_AGE, d.maxAge()),
                durationOf(settings, TAU, d.tau()),
                doubleOf(settings, MARGIN, d.margin()),
                durationOf(settings, DWELL, d.dwell()),
                durationOf(settings, UPDATE_PERIOD, d.updatePeriod()),
                intOf(settings, MAX_TRACKS_PER_CAMERA, d.maxTracksPerCamera()),
                booleanOf(settings, MOTION_PREDICTION, d.motionPrediction()));
    }

    private static final Pattern SIMPLE_DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m)");

    /** Parses {@code 250ms}, {@code 1.5s}, {@code 2m}, {@code 0}, {@code off} or ISO-8601. */
    static Duration parseDuration(String key, String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (t.equals("off") || t.equals("0")) {
            return Duration.ZERO;
        }
        Matcher m = SIMPLE_DURATION.matcher(t);
        if (m.matches()) {
            double value = Double.parseDouble(m.group(1));
            double millis = switch (m.group(2)) {
                case "ms" -> value;
                case "s" -> value * 1_000;
                default -> value * 60_000;
            };
            return Duration.ofMillis(Math.round(millis));
        }
        try {
            return Duration.parse(text.trim().toUpperCase(Locale.ROOT));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(key + " = '" + text
                    + "' is not a duration: set it like 500ms, 1s, 1.5s, 2m or PT0.5S", e);
        }
    }

    private static Duration durationOf(Map<String, String> s, String key, Duration fallback) {
        String v = s.get(key);
        return v == null ? fallback : parseDuration(key, v);
    }

    private static double doubleOf(Map<String, String> s, String key, double fallback) {
        String v = s.get(key);
        if (v == null) {
            return fallback;
        }
        try {
            return Double.parseDouble(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " = '" + v + "' is not a number: set it like " + fallback, e);
        }
    }

    private static int intOf(Map<String, String> s, String key, int fallback) {
        String v = s.get(key);
        if (v == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " = '" + v + "' is not a whole number: set it like " + fallback, e);
        }
    }

    private static boolean booleanOf(Map<String, String> s, String key, boolean fallback) {
        String v = s.get(key);
        if (v == null) {
            return fallback;
        }
        return switch (v.trim().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException(key + " = '" + v + "': set it to true or false");
        };
    }

    private static void requirePositive(String key, Duration value, String what) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw invalid(key, value, what + " (must be > 0)");
        }
    }

    private static void requireNotNegative(String key, Duration value, String what) {
        if (value == null || value.isNegative()) {
            throw invalid(key, value, what + " (must be >= 0)");
        }
    }

    private static IllegalArgumentException invalid(String key, Object value, String expected) {
        return new IllegalArgumentException("Invalid " + key + " = " + value + ": set it to " + expected);
    }
}
