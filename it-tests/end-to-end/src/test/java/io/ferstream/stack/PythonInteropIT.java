package io.ferstream.stack;

import static io.ferstream.stack.KafkaTestSupport.consume;
import static io.ferstream.stack.KafkaTestSupport.newTopic;
import static io.ferstream.stack.KafkaTestSupport.produce;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ferstream.registry.AvroDeserializer;
import io.ferstream.registry.AvroSerializer;
import io.ferstream.registry.RegistryConfig;
import io.ferstream.schema.CameraFrame;
import io.ferstream.schema.ImageEncoding;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Interoperability with a third-party Confluent client: Debian's python3-confluent-kafka (1.7, with
 * python3-avro) writes through our registry and we read, and the other way round.
 */
@ExtendWith(EmbeddedStackExtension.class)
class PythonInteropIT {

    private static final String PYTHON = "/usr/bin/python3";
    private static final Path SCRIPTS = Path.of("src/test/python");
    private static final Path CAMERA_FRAME_SCHEMA =
            Path.of("../../schemas/contract/src/main/avro/CameraFrame.avsc");

    @BeforeAll
    static void requirePython() throws Exception {
        // Not skipped when missing: CI installs these, and a silent skip would hide lost coverage.
        ProcessResult check = run(List.of(PYTHON, "-c", "import confluent_kafka, avro"));
        if (check.exitCode() != 0) {
            throw new AssertionError(
                    "Python interop needs "
                            + PYTHON
                            + " with confluent_kafka and avro: "
                            + "apt-get install python3-confluent-kafka python3-avro. Output: "
                            + check.output());
        }
    }

    @Test
    void shouldReadWhatThePythonAvroProducerWrote(EmbeddedStack stack) throws Exception {
        String topic = newTopic(stack, "py-to-java");

        ProcessResult produced =
                run(
                        List.of(
                                PYTHON,
                                SCRIPTS.resolve("produce_camera_frames.py").toString(),
                                stack.bootstrapServers(),
                                stack.registryUrl(),
                                topic,
                                CAMERA_FRAME_SCHEMA.toString(),
                                "3"));

        assertEquals(0, produced.exitCode(), produced.output());
        try (AvroDeserializer<CameraFrame> deserializer =
                new AvroDeserializer<>(CameraFrame.class, RegistryConfig.of(stack.registryUrl()))) {
            List<ConsumerRecord<String, CameraFrame>> read = consume(stack, topic, deserializer, 3);
            for (int i = 0; i < 3; i++) {
                CameraFrame frame = read.get(i).value();
                assertEquals("py-cam", frame.getCameraId());
                assertEquals(i, frame.getSequence());
                assertEquals((1_700_000_000L + i) * 1000, frame.getCaptureTime().toEpochMilli());
                assertEquals(64 + i, frame.getWidth());
                assertEquals(ImageEncoding.JPEG, frame.getEncoding());
                assertEquals(
                        List.of(0xff, 0xd8, i, 0xff, 0xd9), unsigned(frame.getImage().array()));
                assertEquals("python:test", frame.getSource().getSourceUri());
            }
        }
    }

    @Test
    void shouldBeReadableByThePythonAvroConsumer(EmbeddedStack stack) throws Exception {
        String topic = newTopic(stack, "java-to-py");
        List<CameraFrame> frames = List.of(Records.frame(10), Records.frame(11));
        try (AvroSerializer<CameraFrame> serializer =
                new AvroSerializer<>(RegistryConfig.of(stack.registryUrl()))) {
            produce(stack, topic, serializer, frames);
        }

        ProcessResult consumed =
                run(
                        List.of(
                                PYTHON,
                                SCRIPTS.resolve("consume_camera_frames.py").toString(),
                                stack.bootstrapServers(),
                                stack.registryUrl(),
                                topic,
                                "2"));

        assertEquals(0, consumed.exitCode(), consumed.output());
        List<JsonNode> lines = new ArrayList<>();
        for (String line : consumed.stdout().split("\n")) {
            if (line.startsWith("{")) {
                lines.add(new ObjectMapper().readTree(line));
            }
        }
        assertEquals(2, lines.size(), consumed.output());
        for (int i = 0; i < 2; i++) {
            CameraFrame sent = frames.get(i);
            JsonNode read = lines.get(i);
            assertEquals(sent.getCameraId(), read.get("cameraId").asText());
            assertEquals(sent.getSequence(), read.get("sequence").asLong());
            assertEquals(sent.getCaptureTime().toEpochMilli(), read.get("captureTime").asLong());
            assertEquals(sent.getWidth(), read.get("width").asInt());
            assertEquals(sent.getHeight(), read.get("height").asInt());
            assertEquals("JPEG", read.get("encoding").asText());
            assertEquals(sent.getImage().remaining(), read.get("imageLength").asInt());
            assertEquals(sha256(sent.getImage().array()), read.get("imageSha256").asText());
            assertEquals(sent.getSource().getSourceUri(), read.get("sourceUri").asText());
        }
    }

    private record ProcessResult(int exitCode, String stdout, String stderr) {
        String output() {
            return "stdout:\n" + stdout + "\nstderr:\n" + stderr;
        }
    }

    private static ProcessResult run(List<String> command)
            throws IOException, InterruptedException {
        Path out = Files.createTempFile("py-out", ".txt");
        Path err = Files.createTempFile("py-err", ".txt");
        try {
            Process process;
            try {
                process =
                        new ProcessBuilder(command)
                                .redirectOutput(out.toFile())
                                .redirectError(err.toFile())
                                .start();
            } catch (IOException e) {
                return new ProcessResult(
                        127, "", "cannot start " + command.get(0) + ": " + e.getMessage());
            }
            if (!process.waitFor(90, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("Timed out: " + command + "\n" + Files.readString(err));
            }
            return new ProcessResult(
                    process.exitValue(),
                    Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    private static List<Integer> unsigned(byte[] bytes) {
        List<Integer> values = new ArrayList<>();
        for (byte b : bytes) {
            values.add(b & 0xff);
        }
        return values;
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
