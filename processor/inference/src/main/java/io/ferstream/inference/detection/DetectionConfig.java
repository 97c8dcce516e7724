package io.ferstream.inference.detection;

import io.ferstream.config.ConfigReader;
import io.ferstream.config.Setting;
import java.io.Serializable;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The {@code detection.*} settings and their per-camera overrides, {@code
 * camera.<camera-id>.detection.*}, read the same way by the Flink job and the offline {@code
 * analyze} command. Immutable.
 *
 * @param defaults what every camera gets unless overridden
 * @param cameras per camera id, the settings with its overrides applied
 */
public record DetectionConfig(DetectionSettings defaults, Map<String, DetectionSettings> cameras)
        implements Serializable {

    /** The prefix of the per-camera overrides. */
    public static final String CAMERA_PREFIX = "camera.";

    public static final Setting<Integer> MIN_FACE_PX =
            Setting.integer(
                            "detection.min-face-px",
                            0,
                            "smallest face to find, in pixels of the frame's width: tiles the frame"
                                + " for faces below about an eighth of it (costs detector calls,"
                                + " see README); 0 looks at the whole frame only")
                    .check(
                            n -> n == 0 || n >= DetectionSettings.SMALLEST_MIN_FACE_PX,
                            "be 0 or at least " + DetectionSettings.SMALLEST_MIN_FACE_PX);
    public static final Setting<RegionsOfInterest> REGIONS =
            Setting.parsed(
                            "detection.regions",
                            RegionsOfInterest::parse,
                            RegionsOfInterest::toString,
                            RegionsOfInterest.EVERYWHERE,
                            "where faces count, as fractions of the frame: rectangles `x,y,w,h`"
                                    + " or polygons `poly:x y,x y,x y`, separated by `;`")
                    .defaultText("the whole frame");
    public static final Setting<Integer> INTERVAL =
            Setting.integerAtLeast(
                    "detection.interval",
                    1,
                    1,
                    "run the detector on every this many frames of a camera; the frames between"
                            + " classify the faces at their predicted boxes");

    public static final List<Setting<?>> SETTINGS = List.of(MIN_FACE_PX, REGIONS, INTERVAL);

    /** What the pass-through row of {@value #CAMERA_PREFIX} says in the configuration table. */
    public static final String CAMERA_OVERRIDES =
            "per-camera overrides of the `detection.*` settings:"
                    + " `camera.<camera-id>.detection.min-face-px`, `.regions`, `.interval`";

    public DetectionConfig {
        Objects.requireNonNull(defaults, "defaults");
        cameras = Map.copyOf(cameras);
    }

    /** Every camera the same. */
    public static DetectionConfig of(DetectionSettings everyCamera) {
        return new DetectionConfig(everyCamera, Map.of());
    }

    /** The settings of one camera. */
    public DetectionSettings forCamera(String cameraId) {
        return cameras.getOrDefault(cameraId, defaults);
    }

    /**
     * Reads the settings and every {@code camera.<id>.detection.*} override; each problem goes to
     * the reader under its own key (the spec must pass {@value #CAMERA_PREFIX} through).
     */
    public static DetectionConfig read(ConfigReader reader) {
        DetectionSettings defaults =
                new DetectionSettings(
                        reader.get(MIN_FACE_PX), reader.get(REGIONS), reader.get(INTERVAL));
        Map<String, DetectionSettings> cameras = new TreeMap<>();
        reader.withPrefix(CAMERA_PREFIX)
                .forEach(
                        (rest, text) -> {
                            String key = CAMERA_PREFIX + rest;
                            Setting<?> setting = overridden(rest);
                            String camera =
                                    setting == null
                                            ? ""
                                            : rest.substring(
                                                    0, rest.length() - setting.key().length() - 1);
                            if (setting == null || camera.isEmpty()) {
                                reader.problem(
                                        key,
                                        "unknown per-camera key; write"
                                                + " camera.<camera-id>.detection.min-face-px,"
                                                + " .regions or .interval");
                                return;
                            }
                            try {
                                DetectionSettings current = cameras.getOrDefault(camera, defaults);
                                cameras.put(camera, override(current, setting, text));
                            } catch (IllegalArgumentException e) {
                                reader.problem(key, e.getMessage());
                            }
                        });
        return new DetectionConfig(defaults, cameras);
    }

    // The setting a camera key overrides: "<id>.detection.min-face-px" ends with its key.
    private static Setting<?> overridden(String rest) {
        for (Setting<?> setting : SETTINGS) {
            if (rest.endsWith("." + setting.key())) {
                return setting;
            }
        }
        return null;
    }

    private static DetectionSettings override(
            DetectionSettings current, Setting<?> setting, String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("is empty; leave the key out for the job's value");
        }
        if (setting == MIN_FACE_PX) {
            return current.withMinFacePx(MIN_FACE_PX.parse(text));
        }
        if (setting == REGIONS) {
            return current.withRegions(REGIONS.parse(text));
        }
        return current.withInterval(INTERVAL.parse(text));
    }
}
