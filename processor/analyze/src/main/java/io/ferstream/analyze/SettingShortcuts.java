package io.ferstream.analyze;

import io.ferstream.config.Problems;
import io.ferstream.inference.detection.DetectionConfig;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The command line's short options as the job's keys, so that they are read, checked and documented
 * once, by the job's settings: {@code --min-face-px 40} is {@code --set detection.min-face-px=40}.
 * Settings come from the {@code --config} file, then {@code --set} and the short options on top; a
 * short option and a {@code --set} of the same key that disagree are a problem, not a silent
 * choice.
 */
final class SettingShortcuts {

    /** A short option and the key it sets. */
    record Shortcut(String option, String key) {}

    static final Shortcut MIN_FACE_PX =
            new Shortcut("--min-face-px", DetectionConfig.MIN_FACE_PX.key());
    static final Shortcut REGIONS = new Shortcut("--regions", DetectionConfig.REGIONS.key());
    static final Shortcut INTERVAL = new Shortcut("--interval", DetectionConfig.INTERVAL.key());

    static final List<Shortcut> ALL = List.of(MIN_FACE_PX, REGIONS, INTERVAL);

    private SettingShortcuts() {}

    /**
     * The settings of a run: {@code file} (may be empty), then {@code pairs} from {@code --set},
     * then the short options given (null values are options not given).
     */
    static Map<String, String> merge(
            Map<String, String> file,
            Map<String, String> pairs,
            Map<Shortcut, String> shortcuts,
            Problems problems) {
        Map<String, String> merged = new TreeMap<>(file);
        merged.putAll(pairs);
        shortcuts.forEach(
                (shortcut, value) -> {
                    if (value == null) {
                        return;
                    }
                    String set = pairs.get(shortcut.key());
                    if (set != null && !set.equals(value.trim())) {
                        problems.add(
                                shortcut.option(),
                                "says "
                                        + value
                                        + " but --set "
                                        + shortcut.key()
                                        + "="
                                        + set
                                        + " says otherwise; give one of them");
                    }
                    merged.put(shortcut.key(), value.trim());
                });
        return merged;
    }

    /** The short options given, by shortcut, in declaration order. */
    static Map<Shortcut, String> given(Integer minFacePx, String regions, Integer interval) {
        Map<Shortcut, String> given = new LinkedHashMap<>();
        given.put(MIN_FACE_PX, minFacePx == null ? null : minFacePx.toString());
        given.put(REGIONS, regions);
        given.put(INTERVAL, interval == null ? null : interval.toString());
        return given;
    }

    /**
     * A settings problem ({@code "key: message"}) as the user wrote it: one about a key a short
     * option set names the option too.
     */
    static String explain(String problem, Map<Shortcut, String> given) {
        for (Map.Entry<Shortcut, String> entry : given.entrySet()) {
            String prefix = entry.getKey().key() + ": ";
            if (entry.getValue() != null && problem.startsWith(prefix)) {
                Shortcut shortcut = entry.getKey();
                return shortcut.option()
                        + " ("
                        + shortcut.key()
                        + "): "
                        + problem.substring(prefix.length());
            }
        }
        return problem;
    }
}
