package io.ferstream.inference;

import static io.ferstream.inference.testing.Fixtures.bytes;
import static io.ferstream.inference.testing.Fixtures.fixture;
import static io.ferstream.inference.testing.Fixtures.json;
import static io.ferstream.inference.testing.Fixtures.png;
import static io.ferstream.inference.testing.Fixtures.reference;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.ferstream.image.ImageHeader;
import io.ferstream.inference.batch.BatcherMetrics;
import io.ferstream.inference.detection.DetectionSettings;
import io.ferstream.inference.image.FramePixels;
import io.ferstream.inference.image.ImageDecoder;
import io.ferstream.inference.image.ImageDecoderConfig;
import io.ferstream.inference.image.RgbImage;
import io.ferstream.inference.model.LoadedModel;
import io.ferstream.inference.model.ModelLoader;
import io.ferstream.inference.testing.Fixtures;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The whole path with the real ONNX models against face-api's own outputs
 * (models/fixtures/reference).
 *
 * <p>Tolerances, and why. From the same lossless pixels (PNG) the only differences are ONNX Runtime
 * vs TF.js float arithmetic: probabilities within {@value #LOSSLESS_PROBABILITY_TOLERANCE}, boxes
 * within {@value #LOSSLESS_BOX_TOLERANCE_PX} px. From JPEG bytes our OpenCV (libjpeg-turbo) decoder
 * and face-api's jpeg-js differ per pixel (measured on the samples: mean 0.5 to 0.7 levels, max 28;
 * ImageIO decodes exactly like OpenCV), and FaceExpressionNet is sensitive to that: crops move by
 * 1-2 px and probabilities by up to 0.19 (sample5). Fed jpeg-js's own pixels, our pipeline
 * reproduces face-api to 1e-4 on every sample (checked by hand; those pixels are not committed, the
 * lossless test above covers it). So for JPEGs we require the same faces (matched by overlap),
 * boxes within {@value #JPEG_BOX_TOLERANCE_PX} px, probabilities within {@value
 * #JPEG_PROBABILITY_TOLERANCE}, and the same top label wherever face-api's top two labels are at
 * least {@value #DECIDED_MARGIN} apart (17 of the 21 faces; the others are near-ties that a decoder
 * difference can flip, e.g. sample3's 0.55 vs 0.45).
 */
class FaceAnalyzerIT {

    static final double LOSSLESS_PROBABILITY_TOLERANCE = 1e-4;
    static final double LOSSLESS_BOX_TOLERANCE_PX = 0.05;
    static final double JPEG_PROBABILITY_TOLERANCE = 0.25;
    static final double DECIDED_MARGIN = 0.3;
    static final double JPEG_BOX_TOLERANCE_PX = 4;

    private static FaceAnalyzer analyzer;
    private static final ImageDecoder DECODER = new ImageDecoder();

    @BeforeAll
    static void openAnalyzer() {
        LoadedModel detector =
                ModelLoader.load(Fixtures.models().resolve("face-api/tiny_face_detector.json"));
        LoadedModel classifier =
                ModelLoader.load(Fixtures.models().resolve("face-api/face_expression.json"));
        analyzer =
                FaceAnalyzer.open(
                        detector,
                        classifier,
                        FaceAnalyzerConfig.cpu(1),
                        BatcherMetrics.NOOP,
                        BatcherMetrics.NOOP);
    }

    @AfterAll
    static void closeAnalyzer() {
        analyzer.close();
    }

    @Test
    void shouldFindTheSameFacesInAFrameDecodedAtHalfSizeInFramePixels() throws Exception {
        // configure: a 1920x1280 photo of three faces about 300 px wide
        byte[] jpeg = bytes(fixture("sample1.jpg"));
        ImageHeader header = ImageHeader.read(jpeg);
        ImageDecoder halving = new ImageDecoder(ImageDecoderConfig.defaults().withMaxDownscale(2));
        FramePixels pixels = FramePixels.of(jpeg, header, halving);

        // act
        List<Face> reduced = analyzer.analyzeAsync(pixels, DetectionSettings.WHOLE_FRAME).get();
        List<Face> full = analyzer.analyze(DECODER.decode(jpeg));

        // verify: the one whole-frame look takes half the pixels, tiles take them all
        assertEquals(2, analyzer.detectionScale(pixels, DetectionSettings.WHOLE_FRAME));
        assertEquals(
                1,
                analyzer.detectionScale(pixels, DetectionSettings.WHOLE_FRAME.withMinFacePx(48)));
        // ...and the same faces, in full-frame pixels
        assertEquals(full.size(), reduced.size());
        for (Face face : full) {
            double best =
                    reduced.stream()
                            .mapToDouble(r -> r.detection().iou(face.detection()))
                            .max()
                            .orElse(0);
            assertTrue(best > 0.85, "IoU " + best + " for " + face.detection());
        }
        for (Face face : reduced) {
            assertTrue(face.crop().x() + face.crop().width() <= header.width(), face.toString());
            assertTrue(face.crop().width() > 200, "crop in full-frame pixels: " + face.crop());
        }
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "grace_hopper_512x512.rgb.png:grace_hopper_512x512.jpg",
                "group_416x303.png:group_416x303.png"
            })
    void shouldMatchFaceApiExactlyOnLosslessPixels(String pixelsAndReference) throws Exception {
        // configure: the very pixels face-api analysed
        String[] parts = pixelsAndReference.split(":");
        RgbImage image =
                png(parts[0].endsWith(".rgb.png") ? reference(parts[0]) : fixture(parts[0]));
        JsonNode expected = json(reference(parts[1] + ".json")).path("detections");

        // act
        List<Face> faces = analyzer.analyze(image);

        // verify: same faces in the same order, same boxes, same probabilities
        assertEquals(expected.size(), faces.size());
        for (int i = 0; i < faces.size(); i++) {
            assertBoxClose(
                    expected.get(i).path("box"),
                    faces.get(i).detection(),
                    LOSSLESS_BOX_TOLERANCE_PX);
            assertProbabilitiesClose(
                    expected.get(i).path("expressions"),
                    faces.get(i).probabilities(),
                    LOSSLESS_PROBABILITY_TOLERANCE);
        }
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "grace_hopper_512x512.jpg",
                "sample1.jpg",
                "sample2.jpg",
                "sample3.jpg",
                "sample4.jpg",
                "sample5.jpg",
                "sample6.jpg"
            })
    void shouldFindTheSameFacesAndExpressionsAsFaceApiInJpegs(String image) throws Exception {
        // configure: the JPEG as a camera would send it, decoded by OpenCV
        RgbImage frame = DECODER.decode(bytes(fixture(image)));
        JsonNode expected = json(reference(image + ".json")).path("detections");

        // act
        List<Face> faces = analyzer.analyze(frame);

        // verify: every reference face found (matched by overlap) with the same top label
        assertEquals(expected.size(), faces.size(), image + " face count");
        for (JsonNode reference : expected) {
            Face face = closest(reference.path("box"), faces);
            assertBoxClose(reference.path("box"), face.detection(), JPEG_BOX_TOLERANCE_PX);
            if (margin(reference.path("expressions")) >= DECIDED_MARGIN) {
                assertEquals(
                        reference.path("top").asText(),
                        analyzer.labels().get(face.classification().top()),
                        image + " top label of the face at " + reference.path("box"));
            }
            assertProbabilitiesClose(
                    reference.path("expressions"),
                    face.probabilities(),
                    JPEG_PROBABILITY_TOLERANCE);
        }
    }

    @Test
    void shouldFindNoFaceInALandscape() throws Exception {
        RgbImage iceberg = DECODER.decode(bytes(fixture("640px-IceBlockNearJoekullsarlon.jpg")));

        assertEquals(List.of(), analyzer.analyze(iceberg));
    }

    @Test
    void shouldGiveTheSameResultsBatchedAsOneByOne() throws Exception {
        // configure: all fixture frames, decoded once
        List<RgbImage> frames = new ArrayList<>();
        for (String name :
                List.of("sample1.jpg", "sample5.jpg", "sample6.jpg", "grace_hopper_512x512.jpg")) {
            frames.add(DECODER.decode(bytes(fixture(name))));
        }
        List<List<Face>> oneByOne = new ArrayList<>();
        for (RgbImage frame : frames) {
            oneByOne.add(analyzer.analyze(frame));
        }

        // act: submit every frame at once, so detector and classifier calls batch across frames
        List<CompletableFuture<List<Face>>> together = new ArrayList<>();
        for (RgbImage frame : frames) {
            together.add(analyzer.analyzeAsync(frame));
        }

        // verify: batched model calls give the single-item results (to float reordering in the
        // kernels)
        for (int f = 0; f < frames.size(); f++) {
            List<Face> batched = together.get(f).get(60, TimeUnit.SECONDS);
            assertEquals(oneByOne.get(f).size(), batched.size());
            for (int i = 0; i < batched.size(); i++) {
                assertEquals(oneByOne.get(f).get(i).crop(), batched.get(i).crop());
                float[] single = oneByOne.get(f).get(i).probabilities();
                float[] many = batched.get(i).probabilities();
                for (int k = 0; k < single.length; k++) {
                    assertEquals(
                            single[k],
                            many[k],
                            1e-5,
                            "probability " + k + " of face " + i + " in frame " + f);
                }
            }
        }
    }

    private static double margin(JsonNode probabilities) {
        double first = 0;
        double second = 0;
        for (JsonNode p : probabilities) {
            double v = p.asDouble();
            if (v > first) {
                second = first;
                first = v;
            } else if (v > second) {
                second = v;
            }
        }
        return first - second;
    }

    private static Face closest(JsonNode box, List<Face> faces) {
        Detection target =
                new Detection(
                        box.path("x").asDouble(),
                        box.path("y").asDouble(),
                        box.path("width").asDouble(),
                        box.path("height").asDouble(),
                        1);
        Face best = faces.get(0);
        for (Face face : faces) {
            if (face.detection().iou(target) > best.detection().iou(target)) {
                best = face;
            }
        }
        return best;
    }

    private static void assertBoxClose(JsonNode expected, Detection actual, double tolerance) {
        String what = "box " + expected + " vs " + actual;
        assertEquals(expected.path("x").asDouble(), actual.x(), tolerance, what);
        assertEquals(expected.path("y").asDouble(), actual.y(), tolerance, what);
        assertEquals(expected.path("width").asDouble(), actual.width(), tolerance, what);
        assertEquals(expected.path("height").asDouble(), actual.height(), tolerance, what);
    }

    private static void assertProbabilitiesClose(
            JsonNode expected, float[] actual, double tolerance) {
        assertEquals(expected.size(), actual.length);
        double max = 0;
        for (int k = 0; k < actual.length; k++) {
            max = Math.max(max, Math.abs(expected.get(k).asDouble() - actual[k]));
        }
        assertTrue(max <= tolerance, "max probability difference " + max + " > " + tolerance);
    }
}
