package io.ferstream.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ferstream.inference.Face;
import io.ferstream.inference.FaceAnalyzer;
import io.ferstream.inference.FaceAnalyzerConfig;
import io.ferstream.inference.batch.BatcherMetrics;
import io.ferstream.inference.detection.DetectionSettings;
import io.ferstream.inference.detection.RegionsOfInterest;
import io.ferstream.inference.model.ModelLoader;
import io.ferstream.inference.model.ModelsDirectory;
import io.ferstream.scenes.FaceBox;
import io.ferstream.scenes.FixtureLibrary;
import io.ferstream.scenes.Jpeg;
import io.ferstream.scenes.Scene;
import io.ferstream.scenes.SceneGenerator;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Faces 48 px wide in 1080p camera frames (through JPEG, as cameras send them), on the real models:
 * one look at the whole frame finds none of them; the small-face setting finds and classifies them;
 * a region of interest keeps only the faces inside it.
 */
class SmallFaceDetectionIT {

    private static final int FACE_PX = 48;
    private static final DetectionSettings SMALL_FACES =
            DetectionSettings.WHOLE_FRAME.withMinFacePx(40);

    private static FaceAnalyzer analyzer;
    private static List<Scene> scenes;

    @BeforeAll
    static void open() {
        var models = ModelsDirectory.locate();
        analyzer =
                FaceAnalyzer.open(
                        ModelLoader.load(models.resolve("face-api/tiny_face_detector.json")),
                        ModelLoader.load(models.resolve("face-api/face_expression.json")),
                        FaceAnalyzerConfig.cpu(2),
                        BatcherMetrics.NOOP,
                        BatcherMetrics.NOOP);
        SceneGenerator generator = SceneGenerator.fullHd(FixtureLibrary.load());
        scenes =
                List.of(
                        generator.faces(FACE_PX, 8, 1).throughJpeg(Jpeg.CAMERA_QUALITY),
                        generator.faces(FACE_PX, 8, 2).throughJpeg(Jpeg.CAMERA_QUALITY));
    }

    @AfterAll
    static void close() {
        analyzer.close();
    }

    @Test
    void theSmallFaceSettingFindsAndClassifiesFacesOneLookCannotSee() throws Exception {
        int truths = 0;
        int foundByOneLook = 0;
        int found = 0;
        int extra = 0;
        for (Scene scene : scenes) {
            truths += scene.faces().size();
            foundByOneLook += matched(scene, analyzer.analyze(scene.image()));
            List<Face> faces = analyzer.analyzeAsync(scene.image(), SMALL_FACES).get();
            int hits = matched(scene, faces);
            found += hits;
            extra += faces.size() - hits;
            for (Face face : faces) {
                double sum = 0;
                for (float p : face.probabilities()) {
                    sum += p;
                }
                assertEquals(1.0, sum, 1e-3, "a classified face: probabilities sum to 1");
                assertTrue(face.crop().width() >= FACE_PX - 8, "cropped from the full frame");
            }
        }
        assertEquals(0, foundByOneLook, "one 416 px look at 1920 px cannot see 48 px faces");
        assertTrue(found >= 0.9 * truths, found + " of " + truths + " faces found");
        assertTrue(
                extra <= scenes.size(),
                extra + " false detections in " + scenes.size() + " frames");
    }

    @Test
    void facesOutsideTheRegionOfInterestAreIgnored() throws Exception {
        RegionsOfInterest leftHalf = RegionsOfInterest.parse("0,0,0.5,1");
        int inside = 0;
        int foundInside = 0;
        for (Scene scene : scenes) {
            List<Face> faces =
                    analyzer.analyzeAsync(scene.image(), SMALL_FACES.withRegions(leftHalf)).get();
            for (Face face : faces) {
                double centre = face.detection().x() + face.detection().width() / 2;
                assertTrue(centre < 960, "a face outside the region: " + face.detection());
            }
            List<FaceBox> truthsInside =
                    scene.faces().stream().filter(f -> f.x() + f.width() / 2 < 960).toList();
            inside += truthsInside.size();
            foundInside +=
                    matched(new Scene(scene.name(), FACE_PX, scene.image(), truthsInside), faces);
        }
        assertTrue(inside >= 4, "the scenes put faces on both sides: " + inside);
        assertTrue(foundInside >= 0.9 * inside, foundInside + " of " + inside + " inside found");
    }

    /** Truth faces matched one to one by a detection with IoU at least 0.4. */
    private static int matched(Scene scene, List<Face> faces) {
        boolean[] used = new boolean[faces.size()];
        int hits = 0;
        for (FaceBox truth : scene.faces()) {
            for (int i = 0; i < faces.size(); i++) {
                var d = faces.get(i).detection();
                if (!used[i] && truth.iou(d.x(), d.y(), d.width(), d.height()) >= 0.4) {
                    used[i] = true;
                    hits++;
                    break;
                }
            }
        }
        return hits;
    }
}
