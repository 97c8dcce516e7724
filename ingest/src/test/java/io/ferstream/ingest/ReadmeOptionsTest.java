package io.ferstream.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.ferstream.ingest.camera.CameraCli;
import io.ferstream.ingest.gate.FrameGateCli;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;

/** ingest/README.md documents the options the command lines have, no more and no fewer. */
class ReadmeOptionsTest {

    private static final Pattern OPTION = Pattern.compile("`(--[a-z][a-z0-9-]*)");
    private static final Set<String> STANDARD = Set.of("--help", "--version");

    @org.junit.jupiter.api.Test
    void shouldDocumentEveryCameraOptionInTheTable() throws IOException {
        String table = section(readme(), "| option | default | meaning |", "\n\n");

        assertEquals(options(new CommandLine(new CameraCli())), mentioned(table));
    }

    @org.junit.jupiter.api.Test
    void shouldDocumentEveryGateOption() throws IOException {
        String gate = section(readme(), "## The frame gate", "\n## ");

        Set<String> missing = options(new CommandLine(new FrameGateCli()));
        missing.removeAll(mentioned(gate));
        assertEquals(Set.of(), missing, "gate options missing from ingest/README.md");
    }

    private static Set<String> options(CommandLine cli) {
        Set<String> names = new TreeSet<>();
        cli.getCommandSpec().options().forEach(o -> names.add(o.longestName()));
        names.removeAll(STANDARD);
        return names;
    }

    private static Set<String> mentioned(String text) {
        Set<String> names = new TreeSet<>();
        Matcher m = OPTION.matcher(text);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    private static String section(String text, String start, String end) {
        int from = text.indexOf(start);
        int to = text.indexOf(end, from + start.length());
        return text.substring(from, to < 0 ? text.length() : to);
    }

    private static String readme() throws IOException {
        return Files.readString(
                Path.of("README.md")); // the module's folder is the working directory
    }
}
