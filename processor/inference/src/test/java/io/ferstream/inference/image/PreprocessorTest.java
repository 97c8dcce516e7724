package io.ferstream.inference.image;

import static io.ferstream.inference.testing.Fixtures.f32gz;
import static io.ferstream.inference.testing.Fixtures.json;
import static io.ferstream.inference.testing.Fixtures.maxAbsDiff;
import static io.ferstream.inference.testing.Fixtures.png;
import static io.ferstream.inference.testing.Fixtures.reference;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.ferstream.inference.model.ModelDescriptor;
import io.ferstream.inference.model.ModelLoader;
import io.ferstream.inference.testing.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Our preprocessing against the tensors face-api itself produced from the same lossless pixels
 * (models/fixtures/reference, written by models/face-api/reference.mjs). Same input pixels, so the
 * only room for difference is float rounding: the tolerance is 1e-3 on 0..255 values and 1e-5 after
 * normalisation.
 */
class PreprocessorTest {

    private static final float RAW_TOLERANCE = 1e-3f;
    private static final float NORMALIZED_TOLERANCE = 1e-5f;

    private static ModelDescriptor descriptor(String file) {
        return ModelLoader.readDescriptor(Fixtures.models().resolve("face-api").resolve(file));
    }

    @ParameterizedTest
    @ValueSource(strings = {"grace_hopper_512x512", "group_416x303"})
    void shouldPadBottomRightAndResizeFramesLikeFaceApi(String stem) {
        // configure: the detector's preprocessing and face-api's own detector input for this image
        Preprocessor detector = new Preprocessor(descriptor("tiny_face_detector.json").input());
        JsonNode sidecar = json(reference(stem + ".detector.input416.json"));
        RgbImage image = pixelsOf(sidecar);
        float[] expected = f32gz(reference(stem + ".detector.input416.f32.gz"));

        // act
        float[] actual = detector.resized(image, PixelBox.of(image));

        // verify
        assertTrue(
                maxAbsDiff(expected, actual) <= RAW_TOLERANCE,
                "max abs diff " + maxAbsDiff(expected, actual));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "grace_hopper_512x512.face0",
                "group_416x303.face0",
                "group_416x303.face1",
                "group_416x303.face2"
            })
    void shouldCropPadCentredAndResizeFacesLikeFaceApi(String face) {
        // configure: the crop face-api took (integer box) and its tensor for it
        Preprocessor classifier = new Preprocessor(descriptor("face_expression.json").input());
        JsonNode sidecar = json(reference(face + ".input112.json"));
        JsonNode crop = sidecar.path("source").path("crop");
        RgbImage image = pixelsOf(sidecar);
        PixelBox box =
                new PixelBox(
                        crop.path("x").asInt(),
                        crop.path("y").asInt(),
                        crop.path("width").asInt(),
                        crop.path("height").asInt());
        float[] expected = f32gz(reference(face + ".input112.f32.gz"));

        // act
        float[] actual = classifier.resized(image, box);

        // verify
        assertTrue(
                maxAbsDiff(expected, actual) <= RAW_TOLERANCE,
                "max abs diff " + maxAbsDiff(expected, actual));
    }

    // the lossless pixels a reference tensor was computed from (a PNG, path relative to
    // models/fixtures)
    private static RgbImage pixelsOf(JsonNode sidecar) {
        return png(Fixtures.fixture(sidecar.path("source").path("pixels").asText()));
    }

    @Test
    void shouldNormaliseExactlyTheTensorFedToTheClassifier() {
        // configure
        Preprocessor classifier = new Preprocessor(descriptor("face_expression.json").input());
        JsonNode sidecar = json(reference("grace_hopper_512x512.face0.normalized112.json"));
        JsonNode crop = sidecar.path("source").path("crop");
        RgbImage image = pixelsOf(sidecar);
        float[] expected = f32gz(reference("grace_hopper_512x512.face0.normalized112.f32.gz"));

        // act
        float[] actual =
                classifier.tensor(
                        image,
                        new PixelBox(
                                crop.path("x").asInt(),
                                crop.path("y").asInt(),
                                crop.path("width").asInt(),
                                crop.path("height").asInt()));

        // verify
        assertTrue(
                maxAbsDiff(expected, actual) <= NORMALIZED_TOLERANCE,
                "max abs diff " + maxAbsDiff(expected, actual));
    }

    @Test
    void shouldFollowTheCropRuleFaceApiUsed() {
        // face-api floors x, y, width and height after clipping; the reference records both
        JsonNode detection =
                json(reference("grace_hopper_512x512.jpg.json")).path("detections").get(0);
        JsonNode box = detection.path("box");
        JsonNode crop = detection.path("crop");

        PixelBox actual =
                PixelBox.clipped(
                                box.path("x").asDouble(),
                                box.path("y").asDouble(),
                                box.path("width").asDouble(),
                                box.path("height").asDouble(),
                                512,
                                512)
                        .orElseThrow();

        assertEquals(
                new PixelBox(
                        crop.path("x").asInt(),
                        crop.path("y").asInt(),
                        crop.path("width").asInt(),
                        crop.path("height").asInt()),
                actual);
    }

    @Test
    void shouldWriteChannelsFirstAndBgrWhenTheDescriptorAsksForThem() {
        // configure: a 2x1 image resized to 2x2 (bottom/right padding), mean 0, std 1
        ModelDescriptor.Input nchwBgr =
                new ModelDescriptor.Input(
                        "in",
                        ModelDescriptor.Layout.NCHW,
                        2,
                        2,
                        ModelDescriptor.ChannelOrder.BGR,
                        new float[] {0, 255},
                        new float[] {0, 0, 0},
                        new float[] {1, 1, 1},
                        new ModelDescriptor.Resize(
                                ModelDescriptor.Padding.BOTTOM_RIGHT, "bilinear", false, false));
        RgbImage image = new RgbImage(2, 1, new byte[] {10, 20, 30, 40, 50, 60});

        // act
        float[] tensor = new Preprocessor(nchwBgr).tensor(image, PixelBox.of(image));

        // verify: plane B, then G, then R; the second row is padding
        assertArrayEquals(new float[] {30, 60, 0, 0, 20, 50, 0, 0, 10, 40, 0, 0}, tensor);
    }
}
