package io.ferstream.analyze;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ferstream.inference.Detection;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One run of the command line as a user starts it, its JSON lines read back.
 *
 * @param code the exit code
 * @param lines the JSON lines, parsed
 * @param err what it printed on standard error (start line, summary, problems)
 */
record CommandRun(int code, List<JsonNode> lines, String err) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Runs {@code ferstream-analyze args --out <a file in dir> --no-progress}. */
    static CommandRun of(Path dir, String... args) throws Exception {
        Path out = Files.createTempFile(dir, "lines", ".jsonl");
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--out", out.toString(), "--no-progress"));
        StringWriter stdout = new StringWriter();
        StringWriter stderr = new StringWriter();
        int code =
                AnalyzeCli.execute(
                        new PrintWriter(stdout, true),
                        new PrintWriter(stderr, true),
                        all.toArray(String[]::new));
        List<JsonNode> lines = new ArrayList<>();
        for (String line : Files.readAllLines(out)) {
            lines.add(JSON.readTree(line));
        }
        assertEquals("", stdout.toString(), "the lines go to --out, nothing else to stdout");
        return new CommandRun(code, lines, stderr.toString());
    }

    /** A face of a line as a detection: its box and score. */
    static Detection box(JsonNode face) {
        JsonNode b = face.get("box");
        return new Detection(
                b.get("x").asDouble(),
                b.get("y").asDouble(),
                b.get("width").asDouble(),
                b.get("height").asDouble(),
                face.get("score").asDouble());
    }

    /** The faces of every line. */
    List<JsonNode> faces() {
        List<JsonNode> faces = new ArrayList<>();
        lines.forEach(line -> line.get("faces").forEach(faces::add));
        return faces;
    }
}
