package io.ferstream.analyze;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ferstream.inference.Classification;
import io.ferstream.inference.Detection;
import io.ferstream.inference.Face;
import io.ferstream.inference.image.PixelBox;
import io.ferstream.processor.tracking.TrackingConfig;
import io.ferstream.schema.ExpressionEventType;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class FaceTracksTest {

    private static final FaceTracks.ModelInfo MODEL =
            new FaceTracks.ModelInfo("m", "1", List.of("neutral", "happy"));

    private static Face face(double x, double y) {
        return new Face(
                new Detection(x, y, 100, 100, 0.9),
                new PixelBox((int) x, (int) y, 100, 100),
                new Classification(new float[] {0.2f, 0.8f}, null));
    }

    @Test
    void shouldGiveEachFaceTheTrackItJoinedFrameAfterFrame() {
        FaceTracks tracks = new FaceTracks(TrackingConfig.defaults(), "cam", MODEL);

        FaceTracks.Tracked first =
                tracks.observe(0, 0, 640, 480, List.of(face(10, 10), face(400, 200)));
        // the detector's order changes; each face keeps its own track
        FaceTracks.Tracked second =
                tracks.observe(1, 100, 640, 480, List.of(face(405, 202), face(14, 11)));
        FaceTracks.Tracked third =
                tracks.observe(2, 200, 640, 480, List.of(face(18, 12), face(410, 204)));

        assertEquals(Arrays.asList(1L, 2L), first.tracks());
        assertEquals(Arrays.asList(2L, 1L), second.tracks());
        assertEquals(Arrays.asList(1L, 2L), third.tracks());
        assertTrue(first.events().isEmpty());
        assertEquals(2, third.events().size(), "both confirmed at tracking.min-hits = 3");
        assertTrue(
                third.events().stream()
                        .allMatch(e -> e.getType() == ExpressionEventType.TRACK_STARTED));
        assertEquals("happy", third.events().get(0).getExpression());
        assertEquals(2, tracks.tracks());
        assertEquals(2, tracks.confirmed());
    }

    @Test
    void shouldStartANewTrackAfterTheOldOneEnded() {
        FaceTracks tracks = new FaceTracks(TrackingConfig.defaults(), "cam", MODEL);

        tracks.observe(0, 0, 640, 480, List.of(face(10, 10)));
        tracks.observe(1, 100, 640, 480, List.of());
        FaceTracks.Tracked later = tracks.observe(2, 5000, 640, 480, List.of(face(10, 10)));

        assertEquals(List.of(5_000_000L), later.tracks(), "ids as the job gives them: ms x 1000");
        assertEquals(2, tracks.tracks());
        assertEquals(0, tracks.confirmed());
    }
}
