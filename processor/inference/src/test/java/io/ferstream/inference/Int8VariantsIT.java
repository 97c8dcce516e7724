package io.ferstream.inference;

import static io.ferstream.inference.testing.Fixtures.bytes;
import static io.ferstream.inference.testing.Fixtures.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ferstream.inference.batch.BatcherMetrics;
import io.ferstream.inference.image.ImageDecoder;
import io.ferstream.inference.image.RgbImage;
import io.ferstream.inference.model.LoadedModel;
import io.ferstream.inference.model.ModelLoader;
import io.ferstream.inference.testing.Fixtures;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The INT8 variants of models/face-api (quantize.py) run in the Java runtime wherever their FP32
 * models do, and stay near them on the fixture photos. Parity in full (57 frames, faces of every
 * size, label agreement) is measured by {@code it-tests/bench.sh precision}, not asserted here: how
 * close an INT8 graph comes depends on the CPU's integer kernels. What is asserted holds with a
 * wide margin on the development machine (see the tolerances), so it catches a broken variant (a
 * wrong scale, a lost tensor), not a slightly different CPU.
 */
class Int8VariantsIT {

    /** Paired with the FP32 face by at least this overlap; measured 0.79 at worst on 50 faces. */
    static final double MIN_IOU = 0.6;

    /**
     * The INT8 classifier's probabilities of the same crop within this; measured 0.26 at worst on
     * 50 faces.
     */
    static final double PROBABILITY_TOLERANCE = 0.4;

    private static final String FP32_DETECTOR = "face-api/tiny_face_detector.json";
    private static final String INT8_DETECTOR = "face-api/tiny_face_detector_int8.json";
    private static final String FP32_CLASSIFIER = "face-api/face_expression.json";
    private static final String INT8_CLASSIFIER = "face-api/face_expression_int8.json";
    private static final ImageDecoder DECODER = new ImageDecoder();

    @ParameterizedTest
    @CsvSource({
        "face-api/tiny_face_detector.json, face-api/tiny_face_detector_int8.json",
        "face-api/face_expression.json, face-api/face_expression_int8.json"
    })
    void shouldDescribeTheSameModelAsItsFp32Twin(String fp32, String int8) {
        // the descriptor is its twin's but for what names the file and how it was made: same
        // input, preprocessing, labels, decoder and thresholds
        ObjectNode reference = (ObjectNode) json(Fixtures.models().resolve(fp32));
        ObjectNode variant = (ObjectNode) json(Fixtures.models().resolve(int8));
        for (String made : List.of("name", "file", "sha256", "precision", "provenance")) {
            reference.remove(made);
            variant.remove(made);
        }

        assertEquals(reference, variant);
        assertEquals(load(fp32).name() + "-int8", load(int8).name());
    }

    @Test
    void shouldFindEveryFaceTheFp32DetectorFinds() throws Exception {
        forEachPhoto(
                INT8_DETECTOR,
                FP32_CLASSIFIER,
                (photo, expected, found) -> {
                    // every face, at most one more (a duplicate box NMS no longer merges: measured
                    // on grace_hopper, whose FP32 grid has two cells over the threshold on one
                    // face)
                    assertTrue(
                            found.size() <= expected.size() + 1,
                            photo + ": " + found.size() + " faces, FP32 " + expected.size());
                    for (Face face : expected) {
                        double iou = closest(face, found).detection().iou(face.detection());
                        assertTrue(iou >= MIN_IOU, photo + ": IoU " + iou + " for " + face);
                    }
                });
    }

    @Test
    void shouldClassifyTheFp32DetectorsCropsNearTheFp32Classifier() throws Exception {
        forEachPhoto(
                FP32_DETECTOR,
                INT8_CLASSIFIER,
                (photo, expected, found) -> {
                    // the same detector, so the same crops, in the same order
                    assertEquals(expected.size(), found.size(), photo + " face count");
                    for (int i = 0; i < expected.size(); i++) {
                        assertEquals(expected.get(i).crop(), found.get(i).crop());
                        float[] p = expected.get(i).probabilities();
                        float[] q = found.get(i).probabilities();
                        for (int k = 0; k < p.length; k++) {
                            assertEquals(
                                    p[k],
                                    q[k],
                                    PROBABILITY_TOLERANCE,
                                    photo + " face " + i + " probability " + k);
                        }
                    }
                });
    }

    /** What one photo's faces must satisfy: the FP32 pair's faces, and the variant pair's. */
    private interface PhotoCheck {
        void check(Path photo, List<Face> expected, List<Face> found);
    }

    /** Analyses every fixture JPEG with the FP32 pair and with the given pair, and checks both. */
    private static void forEachPhoto(String detector, String classifier, PhotoCheck check)
            throws Exception {
        try (FaceAnalyzer fp32 = open(FP32_DETECTOR, FP32_CLASSIFIER);
                FaceAnalyzer variant = open(detector, classifier)) {
            for (Path photo : Fixtures.jpegs()) {
                RgbImage frame = DECODER.decode(bytes(photo));
                check.check(photo.getFileName(), fp32.analyze(frame), variant.analyze(frame));
            }
        }
    }

    private static LoadedModel load(String descriptor) {
        return ModelLoader.load(Fixtures.models().resolve(descriptor));
    }

    private static FaceAnalyzer open(String detector, String classifier) {
        return FaceAnalyzer.open(
                load(detector),
                load(classifier),
                FaceAnalyzerConfig.cpu(1),
                BatcherMetrics.NOOP,
                BatcherMetrics.NOOP);
    }

    private static Face closest(Face target, List<Face> faces) {
        Face best = faces.get(0);
        for (Face face : faces) {
            if (face.detection().iou(target.detection())
                    > best.detection().iou(target.detection())) {
                best = face;
            }
        }
        return best;
    }
}
