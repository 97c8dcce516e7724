package io.ferstream.inference;

import static io.ferstream.inference.testing.Fixtures.f32gz;
import static io.ferstream.inference.testing.Fixtures.json;
import static io.ferstream.inference.testing.Fixtures.reference;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.ferstream.inference.model.ModelDescriptor;
import io.ferstream.inference.model.ModelLoader;
import io.ferstream.inference.testing.Fixtures;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Decoding face-api's own raw detector grid must give face-api's boxes: same count and order, boxes
 * to 1e-3 px, scores to 1e-6 (the only differences are float rounding; the descriptor asks for
 * face-api's rounding of the resized frame size).
 */
class TinyYoloV2DecoderTest {

    private static final ModelDescriptor DETECTOR =
            ModelLoader.readDescriptor(
                    Fixtures.models().resolve("face-api/tiny_face_detector.json"));

    @ParameterizedTest
    @ValueSource(strings = {"grace_hopper_512x512", "group_416x303"})
    void shouldDecodeTheReferenceGridIntoTheReferenceBoxes(String stem) {
        // configure: face-api's raw grid and what face-api reported for it
        JsonNode gridSidecar = json(reference(stem + ".detector.grid.json"));
        int width = gridSidecar.path("source").path("width").asInt();
        int height = gridSidecar.path("source").path("height").asInt();
        float[] grid = f32gz(reference(stem + ".detector.grid.f32.gz"));
        String image = stem + (stem.startsWith("group") ? ".png" : ".jpg");
        JsonNode expected = json(reference(image + ".json")).path("detections");

        // act
        List<Detection> detections = new TinyYoloV2Decoder(DETECTOR).decode(grid, width, height);

        // verify
        assertEquals(expected.size(), detections.size());
        for (int i = 0; i < detections.size(); i++) {
            JsonNode box = expected.get(i).path("box");
            Detection actual = detections.get(i);
            assertEquals(box.path("x").asDouble(), actual.x(), 1e-3, "x of face " + i);
            assertEquals(box.path("y").asDouble(), actual.y(), 1e-3, "y of face " + i);
            assertEquals(box.path("width").asDouble(), actual.width(), 1e-3, "width of face " + i);
            assertEquals(
                    box.path("height").asDouble(), actual.height(), 1e-3, "height of face " + i);
            assertEquals(
                    expected.get(i).path("score").asDouble(),
                    actual.score(),
                    1e-6,
                    "score of face " + i);
        }
    }

    @Test
    void shouldKeepOnlyTheBestOfOverlappingBoxes() {
        // configure: two anchors of one cell both fire on the same face, one elsewhere
        int cells = 13 * 13;
        float[] grid = new float[cells * 5 * 5];
        java.util.Arrays.fill(grid, -20f); // every score ~0
        setAnchor(grid, 6, 6, 3, 3f); // score 0.953, anchor 4.27 x 5.18 cells
        setAnchor(
                grid, 6, 6, 2,
                2f); // score 0.881, anchor 2.88 x 3.52 cells: same centre, IoU 0.46 > 0.4
        setAnchor(grid, 1, 1, 0, 1f); // score 0.731, far away

        // act
        List<Detection> detections = new TinyYoloV2Decoder(DETECTOR).decode(grid, 416, 416);

        // verify: best first, the overlapping weaker one suppressed
        assertEquals(2, detections.size());
        assertEquals(1 / (1 + Math.exp(-3)), detections.get(0).score(), 1e-9);
        assertEquals(1 / (1 + Math.exp(-1)), detections.get(1).score(), 1e-9);
    }

    private static void setAnchor(float[] grid, int row, int col, int anchor, float scoreLogit) {
        int o = ((row * 13 + col) * 5 + anchor) * 5;
        grid[o] = 0;
        grid[o + 1] = 0;
        grid[o + 2] = 0;
        grid[o + 3] = 0;
        grid[o + 4] = scoreLogit;
    }
}
