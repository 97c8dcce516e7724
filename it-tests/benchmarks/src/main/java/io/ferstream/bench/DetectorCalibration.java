package io.ferstream.bench;

import io.ferstream.inference.detection.DetectionSettings;
import io.ferstream.scenes.FixtureLibrary;
import io.ferstream.scenes.SceneGenerator;
import java.util.ArrayList;
import java.util.List;

/**
 * How small a face the detector finds in one look, in pixels of its input: the number tiles are
 * laid by ({@code decoder.smallestFace} of the descriptor). Two measurements side by side:
 *
 * <ul>
 *   <li>frames of exactly the input size (416x416): the detector sees the faces pixel for pixel;
 *   <li>1920x1080 frames looked at whole: the preprocessor shrinks them to the input bilinearly (no
 *       area averaging), as it shrinks every look larger than the input, which costs small faces
 *       detail. Tiles near the input size lie between the two.
 * </ul>
 *
 * The smallest reliable face is the narrowest width from which recall stays at or above {@value
 * #RELIABLE_RECALL} for every wider width measured.
 */
final class DetectorCalibration {

    static final double RELIABLE_RECALL = 0.9;

    /** Recall of one measurement per input width. */
    private record Column(List<String> faces, List<Double> recall, List<String> falsePositives) {}

    private final FixtureLibrary fixtures;
    private final SceneRunner runner;
    private final int inputSide;

    DetectorCalibration(FixtureLibrary fixtures, SceneRunner runner, int inputSide) {
        this.fixtures = fixtures;
        this.runner = runner;
        this.inputSide = inputSide;
    }

    String measure(int[] widths, int framesPerWidth, long seed) throws Exception {
        SceneGenerator input = new SceneGenerator(fixtures, inputSide, inputSide);
        SceneGenerator fullHd = SceneGenerator.fullHd(fixtures);
        double shrink = inputSide / (double) SceneGenerator.FULL_HD_WIDTH;

        List<Integer> inputPx = new ArrayList<>();
        List<Integer> framePx = new ArrayList<>();
        for (int w : widths) {
            inputPx.add(w);
            int px = (int) Math.round(w / shrink);
            framePx.add(px <= fullHd.largestFacePx() ? px : 0); // 0: would need enlarged faces
        }
        Column native416 = column(input, inputPx, framesPerWidth, seed);
        Column wholeLook = column(fullHd, framePx, framesPerWidth, seed);

        MarkdownTable table =
                new MarkdownTable(
                        List.of(
                                "face width, input px",
                                inputSide + "x" + inputSide + ": faces",
                                "recall",
                                "FP per frame",
                                "1920x1080 whole: face px (input px)",
                                "faces",
                                "recall",
                                "FP per frame"));
        for (int i = 0; i < widths.length; i++) {
            table.row(
                    List.of(
                            Integer.toString(widths[i]),
                            native416.faces.get(i),
                            MarkdownTable.share(native416.recall.get(i)),
                            native416.falsePositives.get(i),
                            framePx.get(i) == 0
                                    ? "– (no fixture face that wide)"
                                    : String.format(
                                            "%d (%.1f)", framePx.get(i), framePx.get(i) * shrink),
                            wholeLook.faces.get(i),
                            MarkdownTable.share(wholeLook.recall.get(i)),
                            wholeLook.falsePositives.get(i)));
        }
        return table.render()
                + String.format(
                        "%nSmallest reliable face (recall >= %.1f from this width up): %s input px"
                                + " on %dx%d frames, %s input px through a whole 1920x1080 look.%n",
                        RELIABLE_RECALL,
                        smallestReliable(widths, native416.recall),
                        inputSide,
                        inputSide,
                        smallestReliable(widths, wholeLook.recall));
    }

    private Column column(SceneGenerator generator, List<Integer> facePx, int frames, long seed)
            throws Exception {
        List<TestCamera> cameras = new ArrayList<>();
        for (int px : facePx) {
            for (int i = 0; px > 0 && i < frames; i++) {
                cameras.add(
                        TestCamera.of(
                                generator.faces(
                                        px,
                                        DetectionWorkload.FACES_PER_FRAME,
                                        DetectionWorkload.seed(seed, 4, px, i))));
            }
        }
        DetectionScore score =
                DetectionScore.of(runner.run(cameras, DetectionSettings.WHOLE_FRAME).frames());
        List<String> faces = new ArrayList<>();
        List<Double> recall = new ArrayList<>();
        List<String> falsePositives = new ArrayList<>();
        for (int px : facePx) {
            faces.add(px == 0 ? "–" : Integer.toString(score.truth(px)));
            recall.add(px == 0 ? Double.NaN : score.recall(px));
            falsePositives.add(
                    px == 0 ? "–" : MarkdownTable.share(score.falsePositivesPerFrame(px)));
        }
        return new Column(faces, recall, falsePositives);
    }

    /**
     * The narrowest width from which every measured recall is reliable; "none" if the widest is
     * not.
     */
    static String smallestReliable(int[] widths, List<Double> recall) {
        String smallest = "none";
        for (int i = widths.length - 1; i >= 0; i--) {
            double r = recall.get(i);
            if (Double.isNaN(r)) {
                continue; // not measured at this width
            }
            if (r < RELIABLE_RECALL) {
                break;
            }
            smallest = Integer.toString(widths[i]);
        }
        return smallest;
    }
}
