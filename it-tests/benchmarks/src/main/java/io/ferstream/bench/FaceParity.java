package io.ferstream.bench;

import io.ferstream.image.ImageHeader;
import io.ferstream.inference.Face;
import io.ferstream.inference.FaceAnalyzer;
import io.ferstream.inference.detection.DetectionSettings;
import io.ferstream.inference.image.FramePixels;
import io.ferstream.scenes.FixtureLibrary;
import io.ferstream.scenes.SceneGenerator;
import java.util.ArrayList;
import java.util.List;

/**
 * How far one way of analysing frames strays from a reference way on the same frames: the faces
 * each finds, paired by box overlap (greedily, largest overlap first), then the paired faces' box
 * IoU, score and probability differences and top labels. Used by the benchmarks that change one
 * thing in the analysis (the decoded scale, the models' precision) and must show the labels hold.
 */
final class FaceParity {

    /** Faces paired across two analyses when their boxes overlap this much. */
    static final double MIN_IOU = 0.4;

    int referenceFaces;
    int faces;
    int paired;
    int sameLabel;
    double iouSum;
    double minIou = 1;
    double maxScoreDiff;
    double maxProbabilityDiff;

    /** One frame's encoded bytes and where it comes from. */
    record Frame(String source, byte[] jpeg, ImageHeader header) {}

    /**
     * The parity frames: the fixture photos, generated 1920x1080 scenes with faces of every size
     * ({@code framesPerSize} per face width) and group photos, JPEG at camera quality.
     */
    static List<Frame> frames(int framesPerSize) throws Exception {
        FixtureLibrary fixtures = FixtureLibrary.load();
        DetectionWorkload workload =
                DetectionWorkload.build(fixtures, framesPerSize, 1, List.of(), 0, 7);
        List<Frame> frames = new ArrayList<>();
        for (List<TestCamera> cameras :
                List.of(workload.fixturePhotos(), workload.sizeScenes(), workload.groupScenes())) {
            for (TestCamera camera : cameras) {
                for (TestCamera.Frame f : camera.frames()) {
                    frames.add(new Frame(f.name(), f.image(), ImageHeader.read(f.image())));
                }
            }
        }
        return frames;
    }

    /** What {@link #frames} are, in words, for a report. */
    static String describe(List<Frame> frames) {
        return String.format(
                "Frames: %d (the %d fixture photos, generated 1920x1080 scenes with faces of %s px"
                        + " and group photos, JPEG at camera quality)",
                frames.size(), FixtureLibrary.REFERENCE_PHOTOS.size(), SceneGenerator.FACE_SIZES);
    }

    /** The faces of one frame, found with one whole-frame look as the job's defaults do. */
    static List<Face> analyse(FaceAnalyzer analyzer, FramePixels pixels) throws Exception {
        pixels.at(analyzer.detectionScale(pixels, DetectionSettings.WHOLE_FRAME));
        return analyzer.analyzeAsync(pixels, DetectionSettings.WHOLE_FRAME).get();
    }

    /** Adds one frame: the reference's faces and the other way's faces of it. */
    void add(List<Face> reference, List<Face> found) {
        referenceFaces += reference.size();
        faces += found.size();
        boolean[] taken = new boolean[found.size()];
        for (Face ref : reference) {
            int best = -1;
            double bestIou = MIN_IOU;
            for (int j = 0; j < found.size(); j++) {
                double iou = ref.detection().iou(found.get(j).detection());
                if (!taken[j] && iou >= bestIou) {
                    best = j;
                    bestIou = iou;
                }
            }
            if (best < 0) {
                continue;
            }
            taken[best] = true;
            Face face = found.get(best);
            paired++;
            iouSum += bestIou;
            minIou = Math.min(minIou, bestIou);
            maxScoreDiff =
                    Math.max(
                            maxScoreDiff,
                            Math.abs(ref.detection().score() - face.detection().score()));
            float[] a = ref.probabilities();
            float[] b = face.probabilities();
            for (int k = 0; k < a.length; k++) {
                maxProbabilityDiff = Math.max(maxProbabilityDiff, Math.abs(a[k] - b[k]));
            }
            sameLabel += top(a) == top(b) ? 1 : 0;
        }
    }

    /**
     * The comparison's markdown cells: faces found, paired with the reference, mean / min IoU, max
     * score difference, max probability difference, same top label.
     */
    String cells() {
        return String.format(
                "%d | %d of %d | %.3f / %.3f | %.3f | %.3f | %d of %d (%.1f %%)",
                faces,
                paired,
                referenceFaces,
                paired == 0 ? Double.NaN : iouSum / paired,
                minIou,
                maxScoreDiff,
                maxProbabilityDiff,
                sameLabel,
                paired,
                100.0 * sameLabel / Math.max(1, paired));
    }

    /** The header of {@link #cells()}. */
    static final String HEADER =
            "faces found | paired with the reference | mean / min IoU | max score diff | max"
                    + " probability diff | same top label";

    private static int top(float[] p) {
        int best = 0;
        for (int k = 1; k < p.length; k++) {
            if (p[k] > p[best]) {
                best = k;
            }
        }
        return best;
    }
}
