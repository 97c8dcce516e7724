package io.ferstream.processor.tracking.internal;

import static io.ferstream.processor.tracking.TestFrames.HAPPY;
import static io.ferstream.processor.tracking.TestFrames.NEUTRAL;
import static io.ferstream.processor.tracking.TestFrames.face;
import static io.ferstream.processor.tracking.TestFrames.frame;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.ferstream.processor.tracking.FrameFaces;
import io.ferstream.processor.tracking.TrackingConfig;
import org.junit.jupiter.api.Test;

class ObservedTracksTest {

    private final CameraTracker tracker = new CameraTracker(TrackingConfig.defaults(), () -> 0L);

    @Test
    void eachFaceIsFoundAsTheTrackObservedAtItsBoxInThisFrame() {
        FrameFaces first = frame("cam", 1, 0, face(0, 0, NEUTRAL), face(300, 0, HAPPY));
        CameraTrackingState state = tracker.onFrame(null, first).state();
        // the faces come in the other order and moved a little: the tracks follow the boxes
        FrameFaces second = frame("cam", 2, 100, face(310, 0, HAPPY), face(5, 0, NEUTRAL));
        state = tracker.onFrame(state, second).state();

        TrackState[] tracks = ObservedTracks.of(state, second);

        assertEquals(310f, tracks[0].x);
        assertEquals(5f, tracks[1].x);
        assertNotEquals(tracks[0].trackId, tracks[1].trackId);
        assertEquals(ObservedTracks.of(state, first)[0], null, "not observed in that frame");
    }

    @Test
    void noStateMeansNoTracks() {
        assertArrayEquals(
                new TrackState[2],
                ObservedTracks.of(
                        null, frame("cam", 1, 0, face(0, 0, NEUTRAL), face(300, 0, NEUTRAL))));
    }
}
