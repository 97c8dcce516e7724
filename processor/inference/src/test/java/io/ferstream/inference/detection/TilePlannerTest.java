package io.ferstream.inference.detection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ferstream.inference.image.PixelBox;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TilePlannerTest {

    private static final int INPUT = 416;
    private static final double SMALLEST = 40;
    private final TilePlanner planner = new TilePlanner(INPUT, SMALLEST);

    @Test
    void withoutASmallestFaceTheDetectorLooksAtTheWholeFrameOnce() {
        List<DetectionView> views = planner.plan(1920, 1080, DetectionSettings.WHOLE_FRAME);
        assertEquals(List.of(DetectionView.whole(new PixelBox(0, 0, 1920, 1080))), views);
    }

    /**
     * The planner's promise: every face at least the smallest asked for, anywhere in the frame,
     * lies whole in some look that (1) shows it at least the detector's smallest face wide, (2)
     * keeps it clear of that look's inner edges, so it is not dropped as a fragment, and (3)
     * reports faces of its size.
     */
    @ParameterizedTest
    @CsvSource({
        "1920,1080,32",
        "1920,1080,48",
        "1920,1080,64",
        "1920,1080,96",
        "1280,720,40",
        "640,480,24",
        "3840,2160,48",
        "1080,1920,48"
    })
    void everyFaceFromTheSmallestUpLiesWholeInALookThatFindsIt(int w, int h, int minFace) {
        List<DetectionView> views =
                planner.plan(w, h, DetectionSettings.WHOLE_FRAME.withMinFacePx(minFace));
        Random random = new Random(minFace * 31L + w);
        for (int i = 0; i < 5_000; i++) {
            double size = minFace * Math.pow(2, random.nextDouble() * 4.5);
            if (size > Math.min(w, h)) {
                continue;
            }
            double x = random.nextDouble() * (w - size);
            double y = random.nextDouble() * (h - size);
            assertTrue(
                    views.stream().anyMatch(v -> finds(v, x, y, size)),
                    () -> "no look finds a " + size + " px face at " + x + "," + y);
        }
    }

    private static boolean finds(DetectionView view, double x, double y, double size) {
        PixelBox r = view.region();
        int side = Math.max(r.width(), r.height());
        int margin = TilePlanner.edgeMargin(side);
        boolean whole =
                x >= r.x()
                        && y >= r.y()
                        && x + size <= r.x() + r.width()
                        && y + size <= r.y() + r.height();
        var face = new io.ferstream.inference.Detection(x, y, size, size, 0.9);
        return whole
                && size * INPUT / side >= SMALLEST
                && size <= view.largestFace()
                && !DetectionMerger.isFragment(view, face)
                && margin > 0;
    }

    @Test
    void tilesLieOnlyOverTheRegionsOfInterest() {
        RegionsOfInterest left = RegionsOfInterest.parse("0,0,0.5,1");
        List<DetectionView> views = planner.plan(1920, 1080, new DetectionSettings(48, left, 1));
        assertTrue(views.size() > 1);
        for (DetectionView view : views) {
            assertTrue(view.region().x() + view.region().width() <= 960, view::toString);
        }
        assertEquals(new PixelBox(0, 0, 960, 1080), views.get(0).region());
    }

    @Test
    void smallerFacesCostMoreLooks() {
        int previous = 1;
        for (int minFace : new int[] {96, 64, 48, 32}) {
            int looks =
                    planner.plan(1920, 1080, DetectionSettings.WHOLE_FRAME.withMinFacePx(minFace))
                            .size();
            assertTrue(looks > previous, minFace + " px: " + looks + " looks");
            previous = looks;
        }
    }

    @Test
    void positionsCoverTheLengthWithTheOverlapAskedFor() {
        int[] starts = TilePlanner.positions(1920, 500, 120);
        assertEquals(0, starts[0]);
        assertEquals(1420, starts[starts.length - 1]);
        for (int i = 1; i < starts.length; i++) {
            assertTrue(starts[i - 1] + 500 - starts[i] >= 120, "overlap at " + i);
        }
        assertEquals(5, starts.length, "no more tiles than needed");
        assertEquals(1, TilePlanner.positions(400, 500, 120).length);
    }
}
