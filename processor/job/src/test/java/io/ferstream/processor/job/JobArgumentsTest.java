package io.ferstream.processor.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobArgumentsTest {

  @Test
  void shouldLetArgumentsOverrideThePropertiesFile(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("job.properties");
    Files.writeString(file, "mode = replay\ntopics.frames = cams\n");

    Map<String, String> m = JobArguments.parse("--config", file.toString(), "--mode", "live", "--parallelism=4");

    assertEquals(Map.of("mode", "live", "topics.frames", "cams", "parallelism", "4"), m);
  }

  @Test
  void shouldRefuseArgumentsThatAreNotKeyValuePairs() {
    assertThrows(IllegalArgumentException.class, () -> JobArguments.parse("mode"));
    assertThrows(IllegalArgumentException.class, () -> JobArguments.parse("--mode"));
  }
}
