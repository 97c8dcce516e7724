package io.ferstream.processor.tracking.internal;

import static io.ferstream.processor.tracking.TestFrames.HAPPY;
import static io.ferstream.processor.tracking.TestFrames.NEUTRAL;
import static io.ferstream.processor.tracking.TestFrames.SAD;
import static io.ferstream.processor.tracking.TestFrames.face;
import static io.ferstream.processor.tracking.TestFrames.frame;
import static io.ferstream.processor.tracking.TestFrames.steadyFace;
import static io.ferstream.schema.ExpressionEventType.EXPRESSION_CHANGED;
import static io.ferstream.schema.ExpressionEventType.TRACK_ENDED;
import static io.ferstream.schema.ExpressionEventType.TRACK_STARTED;
import static io.ferstream.schema.ExpressionEventType.TRACK_UPDATED;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ferstream.processor.tracking.FaceObservation;
import io.ferstream.processor.tracking.FaceQuality;
import io.ferstream.processor.tracking.FrameFaces;
import io.ferstream.processor.tracking.TrackingConfig;
import io.ferstream.schema.ExpressionEvent;
import io.ferstream.schema.LabelShare;
import io.ferstream.schema.TrackSummary;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CameraTrackerTest {

    private static final String CAMERA = "cam-1";

    /** Runs frames through a tracker the way the Flink adapter does, firing due deadlines first. */
    private static final class Run {
        final CameraTracker tracker;
        CameraTrackingState state;
        final List<ExpressionEvent> events = new ArrayList<>();
        int outOfOrder;
        int overCapacity;

        Run(TrackingConfig config) {
            tracker = new CameraTracker(config, () -> 42L);
        }

        Run frames(List<FrameFaces> frames) {
            frames.forEach(this::frame);
            return this;
        }

        Run frame(FrameFaces frame) {
            TrackingOutcome outcome = tracker.onFrame(state, frame);
            state = outcome.state();
            events.addAll(outcome.events());
            outOfOrder += outcome.outOfOrder() ? 1 : 0;
            overCapacity += outcome.facesOverCapacity();
            return this;
        }

        /** Event time reaches {@code time}: fires every deadline up to it, as timers would. */
        Run advanceTo(long time) {
            long deadline;
            while ((deadline = tracker.nextDeadline(state)) <= time) {
                TrackingOutcome outcome = tracker.onEventTime(state, deadline);
                state = outcome.state();
                events.addAll(outcome.events());
            }
            return this;
        }

        List<ExpressionEvent> ofType(io.ferstream.schema.ExpressionEventType type) {
            return events.stream().filter(e -> e.getType() == type).toList();
        }
    }

    private static TrackingConfig config() {
        return TrackingConfig
                .defaults(); // minHits 3, maxAge 1 s, tau 0.5 s, margin 0.15, dwell 0.5 s
    }

    @Test
    void shouldConfirmATrackAfterMinHitsAndStartIdsAtOne() {
        Run run = new Run(config());

        run.frames(steadyFace(CAMERA, 1, 0, 100, 2, HAPPY));
        assertEquals(List.of(), run.events); // still tentative
        run.frame(steadyFace(CAMERA, 3, 200, 100, 1, HAPPY).get(0));

        assertEquals(1, run.events.size());
        ExpressionEvent e = run.events.get(0);
        assertEquals(TRACK_STARTED, e.getType());
        assertEquals(1L, e.getTrackId());
        assertEquals(3L, e.getFrameSequence());
        assertEquals(Instant.ofEpochMilli(200), e.getEventTime());
        assertEquals("happy", e.getExpression());
        assertEquals(0.8f, e.getConfidence(), 1e-6f);
        assertEquals(100f / 640, e.getBox().getX(), 1e-6f);
        assertEquals(100f / 480, e.getBox().getHeight(), 1e-6f);
        assertEquals("test-model", e.getModel().getName());
        assertEquals(Instant.ofEpochMilli(42), e.getProcessedTime());
        assertNull(e.getSummary());
    }

    /** A face at (x, 100) of this width (square) with this detector score. */
    private static FaceObservation sized(float width, float score, float[] probabilities) {
        return new FaceObservation(100, 100, width, width, score, probabilities.clone());
    }

    @Test
    void aFaceTooSmallToJudgeIsTrackedWithAnUnknownExpressionUntilItCanBeJudged() {
        Run run = new Run(config()); // quality: at least 24 px wide
        for (int i = 0; i < 3; i++) {
            run.frame(frame(CAMERA, i, i * 100L, sized(20, 0.9f, HAPPY)));
        }
        ExpressionEvent started = run.events.get(0);
        assertEquals(TRACK_STARTED, started.getType());
        assertEquals(FaceQuality.UNKNOWN, started.getExpression());
        assertEquals(0f, started.getConfidence());
        assertTrue(started.getRawProbabilities().stream().allMatch(p -> p.getProbability() == 0f));
        assertTrue(started.getProbabilities().stream().allMatch(p -> p.getProbability() == 0f));

        run.frame(frame(CAMERA, 3, 300, sized(26, 0.9f, SAD))); // the face comes closer
        ExpressionEvent judged = run.events.get(1);
        assertEquals(EXPRESSION_CHANGED, judged.getType());
        assertEquals("sad", judged.getExpression());
        assertEquals(0.8f, judged.getConfidence(), 1e-6f, "the first judged face alone");

        run.advanceTo(2_000);
        ExpressionEvent ended = run.ofType(TRACK_ENDED).get(0);
        assertEquals("sad", ended.getSummary().getDominantExpression());
    }

    @Test
    void aDoubtfulDetectionIsTrackedButItsExpressionIsNotSmoothedIn() {
        Run run = new Run(config().withQuality(new FaceQuality(24, 0.6)));
        for (int i = 0; i < 3; i++) {
            run.frame(frame(CAMERA, i, i * 100L, sized(80, 0.9f, HAPPY)));
        }
        for (int i = 3; i < 20; i++) { // two seconds of a doubtful, sad-looking detection
            run.frame(frame(CAMERA, i, i * 100L, sized(80, 0.55f, SAD)));
        }
        assertEquals(List.of(TRACK_STARTED), run.events.stream().map(e -> e.getType()).toList());
        run.advanceTo(5_000);
        ExpressionEvent ended = run.ofType(TRACK_ENDED).get(0);
        assertEquals("happy", ended.getExpression());
        assertEquals(20, ended.getSummary().getObservations(), "every detection was tracked");
    }

    @Test
    void aTrackNeverJudgedEndsDominatedByUnknown() {
        Run run = new Run(config());
        for (int i = 0; i < 5; i++) {
            run.frame(frame(CAMERA, i, i * 100L, sized(16, 0.9f, HAPPY)));
        }
        run.advanceTo(5_000);
        ExpressionEvent ended = run.ofType(TRACK_ENDED).get(0);
        assertEquals(FaceQuality.UNKNOWN, ended.getSummary().getDominantExpression());
        assertTrue(
                ended.getSummary().getExpressionShare().stream()
                        .allMatch(share -> share.getShare() == 0f));
    }

    @Test
    void shouldEndAConfirmedTrackAfterMaxAgeWithoutObservations() {
        Run run =
                new Run(config())
                        .frames(steadyFace(CAMERA, 1, 0, 100, 5, HAPPY)); // last seen at 400

        assertEquals(1_400L, run.tracker.nextDeadline(run.state));
        run.advanceTo(1_399);
        assertEquals(List.of(), run.ofType(TRACK_ENDED));
        run.advanceTo(1_400);

        List<ExpressionEvent> ended = run.ofType(TRACK_ENDED);
        assertEquals(1, ended.size());
        ExpressionEvent e = ended.get(0);
        assertEquals(Instant.ofEpochMilli(400), e.getEventTime());
        assertEquals(5L, e.getFrameSequence());
        assertEquals(5, e.getSummary().getObservations());
        assertEquals(400L, e.getSummary().getDurationMillis());
        assertNull(run.state, "a camera without tracks keeps no state");
    }

    @Test
    void shouldEndExpiredTracksWhenALaterFrameArrivesBeforeTheWatermark() {
        // The same input must give the same events whether the timer or the frame comes first.
        Run framesFirst = new Run(config()).frames(steadyFace(CAMERA, 1, 0, 100, 3, HAPPY));
        framesFirst.frame(frame(CAMERA, 4, 5_000, face(100, 100, HAPPY)));
        Run timerFirst =
                new Run(config()).frames(steadyFace(CAMERA, 1, 0, 100, 3, HAPPY)).advanceTo(4_999);
        timerFirst.frame(frame(CAMERA, 4, 5_000, face(100, 100, HAPPY)));

        assertEquals(1, framesFirst.ofType(TRACK_ENDED).size());
        assertEquals(timerFirst.events, framesFirst.events);
        assertEquals(1, framesFirst.state.tracks.size());
        assertNotEquals(
                1L, framesFirst.state.tracks.get(0).trackId, "a new track, not the old one");
    }

    @Test
    void shouldLetAFrameExactlyAtTheDeadlineContinueTheTrack() {
        Run run = new Run(config()).frames(steadyFace(CAMERA, 1, 0, 100, 3, HAPPY));

        run.frame(frame(CAMERA, 4, 1_200, face(100, 100, HAPPY))); // deadline was 200 + 1000

        assertEquals(List.of(), run.ofType(TRACK_ENDED));
        assertEquals(1, run.state.tracks.size());
        assertEquals(4, run.state.tracks.get(0).observations);
    }

    @Test
    void shouldDropTentativeTracksSilently() {
        Run run = new Run(config()).frames(steadyFace(CAMERA, 1, 0, 100, 2, HAPPY));

        run.advanceTo(10_000);

        assertEquals(List.of(), run.events);
        assertNull(run.state);
    }

    @Test
    void shouldStartANewTrackWhenOneFaceLeavesAndAnotherAppears() {
        Run run = new Run(config()).frames(steadyFace(CAMERA, 1, 0, 100, 4, HAPPY));

        // The first face is gone; another appears elsewhere in the very next frames.
        for (int i = 0; i < 3; i++) {
            run.frame(frame(CAMERA, 5 + i, 400 + i * 100, face(400, 300, SAD)));
        }
        run.advanceTo(10_000);

        // Ids come from each track's first frame: time 0 gives 1, time 400 ms gives 400 x 1000.
        List<ExpressionEvent> started = run.ofType(TRACK_STARTED);
        assertEquals(
                List.of(1L, 400_000L), started.stream().map(ExpressionEvent::getTrackId).toList());
        assertEquals("sad", started.get(1).getExpression());
        assertEquals(
                List.of(1L, 400_000L),
                run.ofType(TRACK_ENDED).stream().map(ExpressionEvent::getTrackId).toList());
    }

    /**
     * Face A moves right, face B left, at 10 fps with 100 px boxes: two 20 px steps, then 60 px per
     * frame, crossing half way; A is happy, B is sad, and B is listed first in each frame.
     */
    private static Run crossingFaces(boolean motionPrediction) {
        TrackingConfig config =
                new TrackingConfig(
                        0.3,
                        3,
                        Duration.ofSeconds(1),
                        Duration.ofMillis(500),
                        0.15,
                        Duration.ofMillis(500),
                        Duration.ZERO,
                        64,
                        motionPrediction,
                        TrackingConfig.defaults().maxCameraSkew(),
                        FaceQuality.DEFAULT);
        Run run = new Run(config);
        for (int i = 0; i <= 9; i++) {
            float a = i <= 2 ? 40 + 20 * i : 80 + 60 * (i - 2);
            run.frame(frame(CAMERA, i + 1, i * 100L, face(540 - a, 110, SAD), face(a, 100, HAPPY)));
        }
        return run.advanceTo(10_000);
    }

    @Test
    void shouldKeepIdentitiesOfTwoFacesThatCrossWithMotionPrediction() {
        Run run = crossingFaces(true);

        // Each track kept its own face: its last box is at that face's end point, its
        // expression never changed, and no third track appeared.
        List<ExpressionEvent> ended = run.ofType(TRACK_ENDED);
        assertEquals(List.of(1L, 2L), ended.stream().map(ExpressionEvent::getTrackId).toList());
        assertEquals("sad", ended.get(0).getExpression());
        assertEquals(40f / 640, ended.get(0).getBox().getX(), 1e-6f);
        assertEquals("happy", ended.get(1).getExpression());
        assertEquals(500f / 640, ended.get(1).getBox().getX(), 1e-6f);
        assertEquals(List.of(), run.ofType(EXPRESSION_CHANGED));
        for (ExpressionEvent e : ended) {
            assertEquals(10, e.getSummary().getObservations());
        }
    }

    @Test
    void shouldLoseFastFacesWithoutMotionPrediction() {
        // The same scene with prediction off: 60 px steps leave too little overlap (IoU 0.25),
        // so neither track follows its face to the end.
        Run run = crossingFaces(false);

        List<ExpressionEvent> ended = run.ofType(TRACK_ENDED);
        assertEquals(2, ended.size());
        for (ExpressionEvent e : ended) {
            int observations = e.getSummary().getObservations();
            assertTrue(observations < 10, "observations = " + observations);
        }
    }

    @Test
    void shouldChangeExpressionOnlyAfterTheDwellAndSummariseTheTimeline() {
        // 1 s happy, then 3 s sad, 10 fps.
        Run run = new Run(config());
        run.frames(steadyFace(CAMERA, 1, 0, 100, 10, HAPPY));
        run.frames(steadyFace(CAMERA, 11, 1_000, 100, 31, SAD));
        run.advanceTo(100_000);

        List<ExpressionEvent> changed = run.ofType(EXPRESSION_CHANGED);
        assertEquals(1, changed.size());
        ExpressionEvent e = changed.get(0);
        assertEquals("sad", e.getExpression());
        // sad leads by 0.15 once the EMA has moved far enough, then must hold 0.5 s more
        assertFalse(
                e.getEventTime().isBefore(Instant.ofEpochMilli(1_500)),
                "changed at " + e.getEventTime());
        assertTrue(
                e.getEventTime().isBefore(Instant.ofEpochMilli(2_000)),
                "changed at " + e.getEventTime());
        TrackSummary summary = run.ofType(TRACK_ENDED).get(0).getSummary();
        long changedAt = changed.get(0).getEventTime().toEpochMilli();
        assertEquals(4_000L, summary.getDurationMillis());
        assertEquals("sad", summary.getDominantExpression());
        assertEquals(
                List.of("neutral", "happy", "sad"),
                summary.getExpressionShare().stream().map(LabelShare::getLabel).toList());
        assertEquals(
                1.0,
                summary.getExpressionShare().stream().mapToDouble(LabelShare::getShare).sum(),
                1e-6);
        assertEquals(changedAt / 4_000f, summary.getExpressionShare().get(1).getShare(), 1e-6f);
    }

    @Test
    void shouldNotFlickerOnNoisyAlternatingInput() {
        // Frames alternate between happy and sad; the smoothed lead never holds for the dwell.
        Run run = new Run(config());
        for (int i = 0; i < 100; i++) {
            run.frame(frame(CAMERA, i + 1, i * 33L, face(100, 100, i % 2 == 0 ? HAPPY : SAD)));
        }

        assertEquals(1, run.ofType(TRACK_STARTED).size());
        assertEquals(List.of(), run.ofType(EXPRESSION_CHANGED));
    }

    @Test
    void shouldEmitPeriodicUpdatesWhenEnabled() {
        TrackingConfig config =
                new TrackingConfig(
                        0.3,
                        3,
                        Duration.ofSeconds(1),
                        Duration.ofMillis(500),
                        0.15,
                        Duration.ofMillis(500),
                        Duration.ofSeconds(1),
                        64,
                        true,
                        TrackingConfig.defaults().maxCameraSkew(),
                        FaceQuality.DEFAULT);
        Run run = new Run(config).frames(steadyFace(CAMERA, 1, 0, 100, 36, NEUTRAL)); // 0 .. 3.5 s

        assertEquals(
                List.of(200L),
                run.ofType(TRACK_STARTED).stream()
                        .map(e -> e.getEventTime().toEpochMilli())
                        .toList());
        assertEquals(
                List.of(1_200L, 2_200L, 3_200L),
                run.ofType(TRACK_UPDATED).stream()
                        .map(e -> e.getEventTime().toEpochMilli())
                        .toList());
        assertEquals(
                List.of(),
                new Run(config())
                        .frames(steadyFace(CAMERA, 1, 0, 100, 36, NEUTRAL))
                        .ofType(TRACK_UPDATED),
                "off by default");
    }

    @Test
    void shouldProduceTheSameEventsAndIdsForTheSameInput() {
        List<FrameFaces> input = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            input.add(
                    frame(
                            CAMERA,
                            i + 1,
                            i * 100L,
                            face(100 + 5 * i, 100, i < 15 ? HAPPY : SAD),
                            face(400, 200, NEUTRAL)));
        }

        List<ExpressionEvent> first = new Run(config()).frames(input).advanceTo(100_000).events;
        List<ExpressionEvent> second = new Run(config()).frames(input).advanceTo(100_000).events;

        assertTrue(first.size() >= 5, "size = " + first.size());
        assertEquals(second, first);
        List<String> eventIds = first.stream().map(ExpressionEvent::getEventId).toList();
        assertEquals(eventIds.stream().distinct().toList(), eventIds, "no duplicate event ids");
        ExpressionEvent any = first.get(0);
        assertEquals(
                EventIds.eventId(CAMERA, any.getTrackId(), any.getType(), any.getFrameSequence()),
                any.getEventId());
        String startedOnCam1 = EventIds.eventId("cam-1", 1, TRACK_STARTED, 3);
        assertNotEquals(EventIds.eventId("cam-2", 1, TRACK_STARTED, 3), startedOnCam1);
        assertNotEquals(EventIds.eventId("cam-1", 1, TRACK_ENDED, 3), startedOnCam1);
    }

    @Test
    void shouldBoundTracksPerCameraAndCountIgnoredFaces() {
        TrackingConfig config =
                new TrackingConfig(
                        0.3,
                        1,
                        Duration.ofSeconds(1),
                        Duration.ofMillis(500),
                        0.15,
                        Duration.ofMillis(500),
                        Duration.ZERO,
                        2,
                        true,
                        TrackingConfig.defaults().maxCameraSkew(),
                        FaceQuality.DEFAULT);
        Run run = new Run(config);

        run.frame(
                frame(
                        CAMERA,
                        1,
                        0,
                        face(0, 0, HAPPY),
                        face(200, 0, HAPPY),
                        face(400, 0, HAPPY),
                        face(0, 200, HAPPY)));

        assertEquals(2, run.state.tracks.size());
        assertEquals(2, run.overCapacity);
        assertEquals(2, run.ofType(TRACK_STARTED).size()); // minHits 1: confirmed at once
    }

    @Test
    void shouldIgnoreFramesOlderThanTheLastOne() {
        Run run = new Run(config()).frames(steadyFace(CAMERA, 1, 0, 100, 3, HAPPY));

        run.frame(frame(CAMERA, 2, 100, face(100, 100, SAD)));
        run.frame(frame(CAMERA, 3, 200, face(100, 100, SAD))); // a duplicate of the last one

        assertEquals(2, run.outOfOrder);
        assertEquals(3, run.state.tracks.get(0).observations);
    }

    @Test
    void shouldKeepTrackIdsIncreasingAfterACameraWentIdle() {
        Run run =
                new Run(config()).frames(steadyFace(CAMERA, 1, 0, 100, 3, HAPPY)).advanceTo(10_000);
        assertNull(run.state);

        run.frames(steadyFace(CAMERA, 100, 20_000, 100, 3, HAPPY));

        assertEquals(
                List.of(1L, 20_000L * CameraTracker.TRACK_IDS_PER_MILLI),
                run.ofType(TRACK_STARTED).stream().map(ExpressionEvent::getTrackId).toList());
    }

    @Test
    void shouldNumberATrackByItsFirstFrameWhateverTheCameraSawBefore() {
        // A face seen twice (tentative, never confirmed) keeps the camera's state alive in one run;
        // the other run starts at the frame where two faces appear. Their ids must not differ.
        Run withEarlierFace =
                new Run(config())
                        .frame(frame(CAMERA, 1, 1_000, face(400, 300, HAPPY)))
                        .frame(frame(CAMERA, 2, 1_500, face(400, 300, HAPPY)));
        Run without = new Run(config());
        for (long seq = 3; seq <= 5; seq++) {
            FrameFaces twoFaces =
                    frame(
                            CAMERA,
                            seq,
                            2_000 + (seq - 3) * 500,
                            face(0, 0, HAPPY),
                            face(200, 0, HAPPY));
            withEarlierFace.frame(twoFaces);
            without.frame(twoFaces);
        }

        List<Long> expected = List.of(2_000_000L, 2_000_001L); // capture ms x 1000 + rank
        assertEquals(
                expected,
                withEarlierFace.ofType(TRACK_STARTED).stream()
                        .map(ExpressionEvent::getTrackId)
                        .toList());
        assertEquals(
                expected,
                without.ofType(TRACK_STARTED).stream().map(ExpressionEvent::getTrackId).toList());
    }

    @Test
    void shouldKeepTrackIdsIncreasingWhenFramesShareACaptureTime() {
        Run run =
                new Run(config())
                        .frame(frame(CAMERA, 1, 1_000, face(0, 0, HAPPY)))
                        .frame(frame(CAMERA, 2, 1_000, face(0, 0, HAPPY), face(300, 300, HAPPY)));

        assertEquals(
                List.of(1_000_000L, 1_000_001L),
                run.state.tracks.stream().map(t -> t.trackId).toList());
    }

    @Test
    void shouldEndTracksWhenTheExpressionModelChanges() {
        Run run = new Run(config()).frames(steadyFace(CAMERA, 1, 0, 100, 3, HAPPY));

        run.frame(
                new FrameFaces(
                        CAMERA,
                        4,
                        300,
                        640,
                        480,
                        List.of(face(100, 100, new float[] {0.5f, 0.5f})),
                        "other-model",
                        "2",
                        new String[] {"calm", "agitated"}));

        List<ExpressionEvent> ended = run.ofType(TRACK_ENDED);
        assertEquals(1, ended.size());
        ExpressionEvent e = ended.get(0);
        assertEquals("test-model", e.getModel().getName());
        assertEquals(3, e.getSummary().getExpressionShare().size());
        assertArrayEquals(new String[] {"calm", "agitated"}, run.state.labels);
    }
}
