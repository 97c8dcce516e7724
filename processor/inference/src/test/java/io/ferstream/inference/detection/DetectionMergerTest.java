package io.ferstream.inference.detection;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.ferstream.inference.Detection;
import io.ferstream.inference.image.PixelBox;
import java.util.List;
import org.junit.jupiter.api.Test;

class DetectionMergerTest {

    private final DetectionMerger merger = new DetectionMerger(0.4, 100, 0.6);
    private final DetectionView whole = DetectionView.whole(new PixelBox(0, 0, 1920, 1080));
    private final DetectionView leftTile =
            new DetectionView(new PixelBox(0, 0, 1000, 1080), DetectionView.RIGHT, 400);
    private final DetectionView rightTile =
            new DetectionView(new PixelBox(900, 0, 1020, 1080), DetectionView.LEFT, 400);

    @Test
    void theSameFaceFoundByTwoLooksIsReportedOnceWithTheBetterScore() {
        Detection coarse = new Detection(300, 300, 210, 250, 0.7);
        Detection fine = new Detection(305, 296, 200, 240, 0.9);
        List<Detection> merged =
                merger.merge(
                        List.of(whole, leftTile),
                        List.of(List.of(coarse), List.of(fine)),
                        1920,
                        1080,
                        RegionsOfInterest.EVERYWHERE);
        assertEquals(List.of(fine), merged);
    }

    @Test
    void aFaceFoundAtTwoScalesInsideEachOtherIsOneFace() {
        Detection big = new Detection(100, 100, 200, 240, 0.8);
        Detection inside = new Detection(140, 150, 110, 120, 0.6); // IoU < 0.4, 100 % inside
        assertEquals(
                List.of(big),
                merger.merge(
                        List.of(whole, leftTile),
                        List.of(List.of(big), List.of(inside)),
                        1920,
                        1080,
                        RegionsOfInterest.EVERYWHERE));
    }

    @Test
    void aFaceCutByATileEdgeIsDroppedAndItsWholeCopyFromTheNeighbourKept() {
        Detection cut = new Detection(950, 400, 49, 60, 0.95); // reaches the left tile's right edge
        Detection whole = new Detection(950, 400, 80, 90, 0.8);
        assertEquals(
                List.of(whole),
                merger.merge(
                        List.of(leftTile, rightTile),
                        List.of(List.of(cut), List.of(whole)),
                        1920,
                        1080,
                        RegionsOfInterest.EVERYWHERE));
    }

    @Test
    void aTileReportsNoFaceLargerThanItsLargest() {
        Detection tooBig = new Detection(100, 100, 500, 500, 0.9);
        assertEquals(
                List.of(),
                merger.merge(
                        List.of(leftTile),
                        List.of(List.of(tooBig)),
                        1920,
                        1080,
                        RegionsOfInterest.EVERYWHERE));
    }

    @Test
    void aTileDetectionMustBeatTheTileScoreThresholdWhileTheWholeLookKeepsTheDetectorsOwn() {
        Detection unsure = new Detection(100, 100, 80, 80, 0.55);
        Detection sure = new Detection(500, 100, 80, 80, 0.65);
        Detection unsureWhole = new Detection(100, 600, 300, 300, 0.55);
        assertEquals(
                List.of(sure, unsureWhole),
                merger.merge(
                        List.of(leftTile, whole),
                        List.of(List.of(unsure, sure), List.of(unsureWhole)),
                        1920,
                        1080,
                        RegionsOfInterest.EVERYWHERE));
    }

    @Test
    void facesWhoseCentreLiesOutsideTheRegionsAreIgnored() {
        Detection in = new Detection(100, 100, 80, 80, 0.9);
        Detection out = new Detection(1500, 100, 80, 80, 0.9);
        assertEquals(
                List.of(in),
                merger.merge(
                        List.of(whole),
                        List.of(List.of(in, out)),
                        1920,
                        1080,
                        RegionsOfInterest.parse("0,0,0.5,1")));
    }

    @Test
    void distinctNeighbouringFacesBothStay() {
        Detection a = new Detection(100, 100, 80, 80, 0.9);
        Detection b = new Detection(170, 100, 80, 80, 0.8); // IoU 0.06, 12 % inside
        assertEquals(
                2,
                merger.merge(
                                List.of(whole),
                                List.of(List.of(a, b)),
                                1920,
                                1080,
                                RegionsOfInterest.EVERYWHERE)
                        .size());
    }
}
