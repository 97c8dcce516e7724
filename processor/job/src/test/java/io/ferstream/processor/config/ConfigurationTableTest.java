package io.ferstream.processor.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ferstream.inference.model.ModelsDirectory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * README.md's table of the job's configuration is generated from the declared settings ({@link
 * JobConfig#SPEC}); this fails when the two drift. To regenerate the table: {@code mvn -B test -pl
 * processor/job -am -Dtest=ConfigurationTableTest -Dsurefire.failIfNoSpecifiedTests=false
 * -Dferstream.update-docs=true}.
 */
class ConfigurationTableTest {

    private static final String BEGIN =
            "<!-- job-settings: generated from JobConfig.SPEC by ConfigurationTableTest -->\n";
    private static final String END = "<!-- job-settings: end -->";

    @Test
    void shouldMatchTheTableInTheReadme() throws IOException {
        Path readme = readme();
        String text = Files.readString(readme);
        int begin = text.indexOf(BEGIN);
        int end = text.indexOf(END);
        assertTrue(
                begin >= 0 && end > begin,
                "README.md lacks the markers " + BEGIN.trim() + " ... " + END);

        String documented = text.substring(begin + BEGIN.length(), end);
        String generated = JobConfig.SPEC.markdownTable();
        if (!documented.equals(generated) && Boolean.getBoolean("ferstream.update-docs")) {
            Files.writeString(
                    readme,
                    text.substring(0, begin + BEGIN.length()) + generated + text.substring(end));
            return;
        }

        assertEquals(
                generated,
                documented,
                "README.md's job configuration table differs from the declared settings; regenerate"
                        + " it with -Dferstream.update-docs=true (see this test's comment)");
    }

    private static Path readme() {
        return ModelsDirectory.locate().resolveSibling("README.md"); // models/ sits at the root
    }
}
