package io.ferstream.analyze;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ferstream.config.ConfigException;
import io.ferstream.config.Problems;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SettingShortcutsTest {

    @Test
    void shouldMapEachShortOptionOntoTheJobsKey() {
        Problems problems = new Problems();

        Map<String, String> merged =
                SettingShortcuts.merge(
                        Map.of(), Map.of(), SettingShortcuts.given(40, "0,0.5,1,0.5", 3), problems);

        assertEquals(
                Map.of(
                        "detection.min-face-px", "40",
                        "detection.regions", "0,0.5,1,0.5",
                        "detection.interval", "3"),
                merged);
        assertTrue(problems.isEmpty());
    }

    @Test
    void shouldLayerFileThenSetThenShortOptions() {
        Problems problems = new Problems();

        Map<String, String> merged =
                SettingShortcuts.merge(
                        Map.of("detection.interval", "5", "tracking.min-hits", "2"),
                        Map.of("tracking.min-hits", "4"),
                        SettingShortcuts.given(null, null, 2),
                        problems);

        assertEquals(Map.of("detection.interval", "2", "tracking.min-hits", "4"), merged);
        assertTrue(problems.isEmpty());
    }

    @Test
    void shouldRefuseAShortOptionThatContradictsASet() {
        Problems problems = new Problems();

        SettingShortcuts.merge(
                Map.of(),
                Map.of("detection.interval", "3"),
                SettingShortcuts.given(null, null, 2),
                problems);

        ConfigException e = assertThrows(ConfigException.class, () -> problems.throwIfAny("x"));
        assertEquals(
                "--interval: says 2 but --set detection.interval=3 says otherwise; give one of"
                        + " them",
                e.problems().get(0));
    }

    @Test
    void shouldNameTheShortOptionInAProblemOfItsKey() {
        var given = SettingShortcuts.given(5, null, null);

        assertEquals(
                "--min-face-px (detection.min-face-px): must be 0 or at least 16",
                SettingShortcuts.explain("detection.min-face-px: must be 0 or at least 16", given));
        assertEquals(
                "detection.interval: must be 1 or more",
                SettingShortcuts.explain("detection.interval: must be 1 or more", given),
                "a key set otherwise keeps its problem as it is");
    }
}
