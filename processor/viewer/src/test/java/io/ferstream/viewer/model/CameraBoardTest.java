package io.ferstream.viewer.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CameraBoardTest {

    private static final NormalizedBox LEFT = new NormalizedBox(0.1, 0.2, 0.2, 0.3);
    private static final NormalizedBox RIGHT = new NormalizedBox(0.6, 0.2, 0.2, 0.3);

    static EventView event(String type, long track, long seq, NormalizedBox box, String label) {
        TrackView.Summary summary =
                EventView.ENDED.equals(type)
                        ? new TrackView.Summary(1200, 12, label, Map.of(label, 1.0))
                        : null;
        return new EventView(
                type + "-" + track + "-" + seq,
                type,
                "cam",
                track,
                1000 + seq * 100,
                seq,
                box,
                label,
                0.9,
                Map.of(label, 0.9, "other", 0.1),
                summary,
                0);
    }

    private static CameraBoard board() {
        return new CameraBoard(CameraBoard.Limits.defaults());
    }

    @Test
    void shouldDrawABoxOnlyOnceTheFrameItWasSeenInIsShown() {
        CameraBoard board = board();
        board.advanceTo(3);

        assertFalse(board.offer(event(EventView.STARTED, 1, 5, LEFT, "happy")));
        assertEquals(List.of(), board.liveTracks(), "frame 5 is not on screen yet");
        board.advanceTo(4);
        assertEquals(List.of(), board.liveTracks());

        assertTrue(board.advanceTo(5));
        assertEquals(1, board.liveTracks().size());
        assertEquals(LEFT, board.liveTracks().get(0).box());
        assertEquals("happy", board.liveTracks().get(0).label());
    }

    @Test
    void shouldFollowTheTrackAndChangeItsLabel() {
        CameraBoard board = board();
        board.offer(event(EventView.STARTED, 1, 1, LEFT, "neutral"));
        board.offer(event(EventView.CHANGED, 1, 4, RIGHT, "surprised"));

        board.advanceTo(2);
        assertEquals("neutral", board.liveTracks().get(0).label());
        board.advanceTo(4);

        CameraBoard.TrackSnapshot track = board.liveTracks().get(0);
        assertEquals("surprised", track.label());
        assertEquals(RIGHT, track.box());
        assertEquals(2, board.timelines().get(0).timeline().size(), "one point per event");
    }

    @Test
    void shouldRemoveTheBoxOnTrackEndedAndKeepItsSummary() {
        CameraBoard board = board();
        board.offer(event(EventView.STARTED, 1, 1, LEFT, "happy"));
        board.advanceTo(10);

        // TRACK_ENDED carries the last observation's sequence, older than the frame on screen:
        // it applies at once.
        assertTrue(board.offer(event(EventView.ENDED, 1, 8, LEFT, "happy")));

        assertEquals(List.of(), board.liveTracks());
        CameraBoard.TrackSnapshot ended = board.timelines().get(0);
        assertTrue(ended.ended());
        assertEquals(12, ended.summary().observations());
        assertEquals(List.of(), board.privacyRegions(0), "no region left to blur");
    }

    @Test
    void shouldIgnoreARepeatedEvent() {
        CameraBoard board = board();
        board.advanceTo(10);
        assertTrue(board.offer(event(EventView.STARTED, 1, 1, LEFT, "happy")));
        assertFalse(board.offer(event(EventView.STARTED, 1, 1, LEFT, "happy")));
        assertEquals(1, board.timelines().get(0).timeline().size());
    }

    @Test
    void shouldBlurFacesOfEventsStillWaitingForTheirFrame() {
        // The frames before a TRACK_STARTED show the face, unconfirmed: blurred all the same.
        CameraBoard board = board();
        board.advanceTo(1);
        board.offer(event(EventView.STARTED, 7, 3, RIGHT, "happy"));

        assertEquals(List.of(), board.liveTracks());
        List<NormalizedBox> regions = board.privacyRegions(0);
        assertEquals(1, regions.size());
        assertEquals(RIGHT.x(), regions.get(0).x(), 1e-9);
        assertEquals(RIGHT.width(), regions.get(0).width(), 1e-9);
    }

    @Test
    void shouldStayWithinItsBounds() {
        CameraBoard board = new CameraBoard(new CameraBoard.Limits(4, 3, 2, 5));
        for (int track = 0; track < 10; track++) {
            board.offer(event(EventView.STARTED, track, 100 + track, LEFT, "happy"));
        }
        assertEquals(4, board.pendingCount(), "the oldest waiting events were applied early");
        board.advanceTo(1000);
        assertEquals(3, board.liveTracks().size());
        for (int seq = 0; seq < 20; seq++) {
            board.offer(event(EventView.UPDATED, 9, 1001 + seq, LEFT, "happy"));
        }
        board.advanceTo(2000);
        CameraBoard.TrackSnapshot nine =
                board.timelines().stream().filter(t -> t.trackId() == 9).findFirst().orElseThrow();
        assertEquals(5, nine.timeline().size());
        for (int track = 7; track < 10; track++) {
            board.offer(event(EventView.ENDED, track, 2000, LEFT, "happy"));
        }
        assertEquals(2, board.timelines().size(), "two ended tracks kept");
    }

    @Test
    void shouldStartCountingAgainWhenTheCameraRestarts() {
        CameraBoard board = board();
        board.advanceTo(500);
        board.advanceTo(0);
        board.offer(event(EventView.STARTED, 1, 2, LEFT, "happy"));
        assertEquals(List.of(), board.liveTracks(), "frame 2 of the new count is not shown yet");
        board.advanceTo(2);
        assertEquals(1, board.liveTracks().size());
    }
}
