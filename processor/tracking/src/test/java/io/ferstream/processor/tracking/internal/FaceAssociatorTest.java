package io.ferstream.processor.tracking.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class FaceAssociatorTest {

    @Test
    void shouldComputeIntersectionOverUnion() {
        Box a = new Box(0, 0, 10, 10);

        assertEquals(1.0, a.iou(a));
        assertEquals(50.0 / 150.0, a.iou(new Box(5, 0, 10, 10)), 1e-9);
        assertEquals(0.0, a.iou(new Box(10, 0, 10, 10)), 0.0); // touching edges do not overlap
        assertEquals(25.0 / 100.0, a.iou(new Box(2, 2, 5, 5)), 1e-9);
    }

    @Test
    void shouldMatchTwoFacesInOneFrameToTheirOwnTracks() {
        List<Box> tracks = List.of(new Box(100, 100, 100, 100), new Box(400, 100, 100, 100));
        // Listed in the opposite order, each slightly moved.
        List<Box> faces = List.of(new Box(410, 105, 100, 100), new Box(95, 100, 100, 100));

        int[] trackOfFace = FaceAssociator.associate(tracks, faces, 0.3);

        assertArrayEquals(new int[] {1, 0}, trackOfFace);
    }

    @Test
    void shouldLeaveFacesBelowMinIouUnmatched() {
        List<Box> tracks = List.of(new Box(0, 0, 100, 100));
        List<Box> faces = List.of(new Box(70, 0, 100, 100)); // IoU = 30/170 = 0.18

        assertArrayEquals(new int[] {-1}, FaceAssociator.associate(tracks, faces, 0.3));
        assertArrayEquals(new int[] {0}, FaceAssociator.associate(tracks, faces, 0.15));
    }

    @Test
    void shouldGiveAContestedTrackToTheBestOverlapAndLeaveTheOtherFaceNew() {
        List<Box> tracks = List.of(new Box(0, 0, 100, 100));
        List<Box> faces = List.of(new Box(40, 0, 100, 100), new Box(5, 0, 100, 100));

        int[] trackOfFace = FaceAssociator.associate(tracks, faces, 0.3);

        assertArrayEquals(new int[] {-1, 0}, trackOfFace);
    }
}
