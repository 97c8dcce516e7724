package io.ferstream.inference.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ferstream.inference.testing.Fixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelDescriptorTest {

    private static final Path FACE_API = Fixtures.models().resolve("face-api");

    @TempDir Path temp;

    @Test
    void shouldLoadAndVerifyTheCommittedModels() {
        // act
        LoadedModel detector = ModelLoader.load(FACE_API.resolve("tiny_face_detector.json"));
        LoadedModel classifier = ModelLoader.load(FACE_API.resolve("face_expression.json"));

        // verify
        assertEquals(ModelDescriptor.ModelTask.FACE_DETECTOR, detector.descriptor().task());
        assertEquals(416, detector.descriptor().input().width());
        assertEquals(
                ModelDescriptor.ModelTask.EXPRESSION_CLASSIFIER, classifier.descriptor().task());
        assertEquals(
                List.of("neutral", "happy", "sad", "angry", "fearful", "disgusted", "surprised"),
                classifier.descriptor().labels());
        assertEquals(
                FACE_API.resolve("face_expression.onnx").toAbsolutePath().normalize(),
                classifier.modelFile());
    }

    @Test
    void shouldRefuseAModelWhoseBytesDifferFromTheDescriptor() throws IOException {
        // configure: a copy of the classifier with one byte changed
        Path dir = Files.createDirectories(temp.resolve("m"));
        Files.copy(FACE_API.resolve("face_expression.json"), dir.resolve("face_expression.json"));
        byte[] onnx = Files.readAllBytes(FACE_API.resolve("face_expression.onnx"));
        onnx[onnx.length / 2] ^= 1;
        Files.write(dir.resolve("face_expression.onnx"), onnx);

        // act
        ModelDescriptorException error =
                assertThrows(
                        ModelDescriptorException.class,
                        () -> ModelLoader.load(dir.resolve("face_expression.json")));

        // verify
        assertTrue(error.getMessage().contains("SHA-256"), error.getMessage());
        assertTrue(error.getMessage().contains("face-api-expression"), error.getMessage());
    }

    @Test
    void shouldListEveryProblemOfABrokenDescriptor() throws IOException {
        // configure: a detector without decoder, a bad layout-less input and a short hash
        Path broken = temp.resolve("broken.json");
        Files.writeString(
                broken,
                """
                {"name": "broken", "version": "1", "task": "face-detector", "file": "x.onnx", "sha256": "abc",
                 "input": {"name": "input", "width": 416, "height": 0, "channelOrder": "RGB",
                           "valueRange": [0, 255], "mean": [1, 2], "std": [255, 255, 255],
                           "resize": {"pad": "center", "interpolation": "nearest"}},
                 "outputs": {}}
                """);

        // act
        ModelDescriptorException error =
                assertThrows(
                        ModelDescriptorException.class, () -> ModelLoader.readDescriptor(broken));

        // verify: one message naming each field to fix
        for (String field :
                List.of(
                        "'sha256'",
                        "'input.layout'",
                        "'input.width' and 'input.height'",
                        "'input.mean'",
                        "'input.resize.interpolation'",
                        "'outputs.grid'",
                        "'decoder'",
                        "broken.json")) {
            assertTrue(
                    error.getMessage().contains(field),
                    "mentions " + field + ": " + error.getMessage());
        }
    }

    @Test
    void shouldRefuseAnUnknownTask() throws IOException {
        Path unknown = temp.resolve("unknown.json");
        Files.writeString(unknown, "{\"name\": \"x\", \"task\": \"segmenter\"}");

        ModelDescriptorException error =
                assertThrows(
                        ModelDescriptorException.class, () -> ModelLoader.readDescriptor(unknown));

        assertTrue(error.getMessage().contains("unknown.json"), error.getMessage());
    }

    @Test
    void shouldKeepTheDescriptorImmutable() {
        ModelDescriptor descriptor =
                ModelLoader.readDescriptor(FACE_API.resolve("face_expression.json"));

        descriptor.input().mean()[0] = 0;

        assertEquals(122.782f, descriptor.input().mean()[0], 1e-4);
    }
}
