package io.ferstream.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyValuesTest {

    @Test
    void shouldLetArgumentsOverrideThePropertiesFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("job.properties");
        Files.writeString(file, "mode = replay\ntopics.frames = cams\n");

        Map<String, String> m =
                KeyValues.fromArguments(
                        "--config", file.toString(), "--mode", "live", "--parallelism=4");

        assertEquals(Map.of("mode", "live", "topics.frames", "cams", "parallelism", "4"), m);
    }

    @Test
    void shouldRefuseArgumentsThatAreNotKeyValuePairs() {
        assertThrows(IllegalArgumentException.class, () -> KeyValues.fromArguments("mode"));
        assertThrows(IllegalArgumentException.class, () -> KeyValues.fromArguments("--mode"));
    }

    @Test
    void shouldLetPairsOverrideTheFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("client.properties");
        Files.writeString(file, "security.protocol=SSL\nacks=all\n");

        Map<String, String> m = KeyValues.merge(file, List.of("acks=1", "linger.ms = 5"));

        assertEquals(Map.of("security.protocol", "SSL", "acks", "1", "linger.ms", "5"), m);
    }

    @Test
    void shouldNeverEchoWhatMayBeASecret() {
        IllegalArgumentException noKey =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> KeyValues.merge(null, List.of("hunter2-the-password")));
        IllegalArgumentException stray =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> KeyValues.fromArguments("hunter2-the-password"));

        assertFalse(noKey.getMessage().contains("hunter2"), noKey.getMessage());
        assertFalse(stray.getMessage().contains("hunter2"), stray.getMessage());
    }
}
