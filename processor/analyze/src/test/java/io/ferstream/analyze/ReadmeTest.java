package io.ferstream.analyze;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * processor/analyze/README.md documents every option, no more and no fewer, and its settings table
 * is generated from {@link JobSettings#SPEC}. To regenerate the table: {@code mvn -B test -pl
 * processor/analyze -am -Dtest=ReadmeTest -Dsurefire.failIfNoSpecifiedTests=false
 * -Dferstream.update-docs=true}.
 */
class ReadmeTest {

    private static final Path README = Path.of("README.md"); // the module's folder is the cwd
    private static final String BEGIN =
            "<!-- analyze-settings: generated from JobSettings.SPEC by ReadmeTest -->\n";
    private static final String END = "<!-- analyze-settings: end -->";
    private static final Pattern OPTION =
            Pattern.compile("^\\| `(--[a-z][a-z0-9-]*)", Pattern.MULTILINE);

    @Test
    void shouldDocumentEveryOptionInTheTable() throws IOException {
        Set<String> documented = new TreeSet<>();
        Matcher m = OPTION.matcher(Files.readString(README));
        while (m.find()) {
            documented.add(m.group(1));
        }
        Set<String> declared = new TreeSet<>();
        new CommandLine(new AnalyzeCli())
                .getCommandSpec()
                .options()
                .forEach(o -> declared.add(o.longestName()));
        declared.removeAll(Set.of("--help", "--version"));

        assertEquals(declared, documented);
    }

    @Test
    void shouldListTheDeclaredSettings() throws IOException {
        String text = Files.readString(README);
        int begin = text.indexOf(BEGIN);
        int end = text.indexOf(END);
        assertTrue(begin >= 0 && end > begin, "README.md lacks the settings table's markers");
        String generated = JobSettings.SPEC.markdownTable();
        String documented = text.substring(begin + BEGIN.length(), end);
        if (!documented.equals(generated) && Boolean.getBoolean("ferstream.update-docs")) {
            Files.writeString(
                    README,
                    text.substring(0, begin + BEGIN.length()) + generated + text.substring(end));
            return;
        }

        assertEquals(generated, documented, "regenerate the table (see this test's comment)");
    }
}
