package io.ferstream.processor.tracking.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class FaceAssociatorTest {

    @Test
    void shouldComputeIntersectionOverUnion() {
        Box a = new Box(0, 0, 10, 10);

        assertThat(a.iou(a)).isEqualTo(1.0);
        assertThat(a.iou(new Box(5, 0, 10, 10))).isCloseTo(50.0 / 150.0, within(1e-9));
        assertThat(a.iou(new Box(10, 0, 10, 10))).isZero(); // touching edges do not overlap
        assertThat(a.iou(new Box(2, 2, 5, 5))).isCloseTo(25.0 / 100.0, within(1e-9));
    }

    @Test
    void shouldMatchTwoFacesInOneFrameToTheirOwnTracks() {
        List<Box> tracks = List.of(new Box(100, 100, 100, 100), new Box(400, 100, 100, 100));
        // Listed in the opposite order, each slightly moved.
        List<Box> faces = List.of(new Box(410, 105, 100, 100), new Box(95, 100, 100, 100));

        int[] trackOfFace = FaceAssociator.associate(tracks, faces, 0.3);

        assertThat(trackOfFace).containsExactly(1, 0);
    }

    @Test
    void shouldLeaveFacesBelowMinIouUnmatched() {
        List<Box> tracks = List.of(new Box(0, 0, 100, 100));
        List<Box> faces = List.of(new Box(70, 0, 100, 100)); // IoU = 30/170 = 0.18

        assertThat(FaceAssociator.associate(tracks, faces, 0.3)).containsExactly(-1);
        assertThat(FaceAssociator.associate(tracks, faces, 0.15)).containsExactly(0);
    }

    @Test
    void shouldGiveAContestedTrackToTheBestOverlapAndLeaveTheOtherFaceNew() {
        List<Box> tracks = List.of(new Box(0, 0, 100, 100));
        List<Box> faces = List.of(new Box(40, 0, 100, 100), new Box(5, 0, 100, 100));

        int[] trackOfFace = FaceAssociator.associate(tracks, faces, 0.3);

        assertThat(trackOfFace).containsExactly(-1, 0);
    }
}
