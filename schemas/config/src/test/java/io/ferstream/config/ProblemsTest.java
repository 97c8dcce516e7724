package io.ferstream.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class ProblemsTest {

    @Test
    void shouldKeepTheFirstAndMostPreciseProblemOfEachKey() {
        Problems problems = new Problems();
        problems.add("SOURCE", "'clip.mp4' is not a readable file");
        problems.require(false, "SOURCE", "required: what to read");
        problems.require(false, "--fps", "must not be negative");

        ConfigException e = assertThrows(ConfigException.class, () -> problems.throwIfAny("test"));

        assertEquals(
                List.of("SOURCE: 'clip.mp4' is not a readable file", "--fps: must not be negative"),
                e.problems());
    }

    @Test
    void shouldJoinTheProblemsOfWhatItBuilds() {
        Problems problems = new Problems();

        Object built =
                problems.collect(
                        "part",
                        () -> {
                            throw new ConfigException("part", List.of("a: bad", "b: worse"));
                        });
        problems.collect(
                "other",
                () -> {
                    throw new IllegalArgumentException("not valid");
                });

        assertNull(built);
        ConfigException e = assertThrows(ConfigException.class, () -> problems.throwIfAny("test"));
        assertEquals(List.of("a: bad", "b: worse", "other: not valid"), e.problems());
    }
}
