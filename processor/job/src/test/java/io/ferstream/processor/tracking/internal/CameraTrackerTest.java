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
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

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
        return TrackingConfig.defaults(); // minHits 3, maxAge 1 s, tau 0.5 s, margin 0.15, dwell 0.5 s
    }

    @Test
    void shouldConfirmATrackAfterMinHitsAndStartIdsAtOne() {
        Run run = new Run(config());

        run.frames(steadyFace(CAMERA, 1, 0, 100, 2, HAPPY));
        assertThat(run.events).isEmpty(); // still tentative
        run.frame(steadyFace(CAMERA, 3, 200, 100, 1, HAPPY).get(0));

        assertThat(run.events).singleElement().satisfies(e -> {
            assertThat(e.getType()).isEqualTo(TRACK_STARTED);
            assertThat(e.getTrackId()).isEqualTo(1L);
            assertThat(e.getFrameSequence()).isEqualTo(3L);
            assertThat(e.getEventTime()).isEqualTo(Instant.ofEpochMilli(200));
            assertThat(e.getExpression()).isEqualTo("happy");
            assertThat(e.getConfidence()).isCloseTo(0.8f, within(1e-6f));
            assertThat(e.getBox().getX()).isCloseTo(100f / 640, within(1e-6f));
            assertThat(e.getBox().getHeight()).isCloseTo(100f / 480, within(1e-6f));
            assertThat(e.getModel().getName()).isEqualTo("test-model");
            assertThat(e.getProcessedTime()).isEqualTo(Instant.ofEpochMilli(42));
            assertThat(e.getSummary()).isNull();
        });
    }

    @Test
    void shouldEndAConfirmedTrackAfterMaxAgeWithoutObservations() {
        Run run = new Run(config()).frames(steadyFace(CAMERA, 1, 0, 100, 5, HAPPY)); // last seen at 400

        assertThat(run.tracker.nextDeadline(run.state)).isEqualTo(1_400);
        run.advanceTo(1_399);
        assertThat(run.ofType(TRACK_ENDED)).isEmpty();
        run.advanceTo(1_400);

        assertThat(run.ofType(TRACK_ENDED)).singleElement().satisfies(e -> {
            assertThat(e.getEventTime()).isEqualTo(Instant.ofEpochMilli(400));
            assertThat(e.getFrameSequence()).isEqualTo(5L);
            assertThat(e.getSummary().getObservations()).isEqualTo(5);
            assertThat(e.getSummary().getDurationMillis()).isEqualTo(400L);
        });
        assertThat(run.state).as("a camera without tracks keeps no state").isNull();
    }

    @Test
    void shouldEndExpiredTracksWhenALaterFrameArrivesBeforeTheWatermark() {
        // The same input must give the same events whether the timer or the frame comes first.
        Run framesFirst = new Run(config()).frames(steadyFace(CAMERA, 1, 0, 100, 3, HAPPY));
        framesFirst.frame(frame(CAMERA, 4, 5_000, face(100, 100, HAPPY)));
        Run timerFirst = new Run(config()).frames(steadyFace(CAMERA, 1, 0, 100, 3, HAPPY)).advanceTo(4_999);
        timerFirst.frame(frame(CAMERA, 4, 5_000, face(100, 100, HAPPY)));

        assertThat(framesFirst.ofType(TRACK_ENDED)).hasSize(1);
        assertThat(framesFirst.events).isEqualTo(timerFirst.events);
        assertThat(framesFirst.state.tracks).singleElement()
                .satisfies(t -> assertThat(t.trackId).as("a new track, not the old one").isNotEqualTo(1L));
    }

    @Test
    void shouldLetAFrameExactlyAtTheDeadlineContinueTheTrack() {
        Run run = new Run(config()).frames(steadyFace(CAMERA, 1, 0, 100, 3, HAPPY));

        run.frame(frame(CAMERA, 4, 1_200, face(100, 100, HAPPY))); // deadline was 200 + 1000

        assertThat(run.ofType(TRACK_ENDED)).isEmpty();
        assertThat(run.state.tracks).singleElement().satisfies(t -> assertThat(t.observations).isEqualTo(4));
    }

    @Test
    void shouldDropTentativeTracksSilently() {
        Run run = new Run(config()).frames(steadyFace(CAMERA, 1, 0, 100, 2, HAPPY));

        run.advanceTo(10_000);

        assertThat(run.events).isEmpty();
        assertThat(run.state).isNull();
    }

    @Test
    void shouldStartANewTrackWhenOneFaceLeavesAndAnotherAppears() {
        Run run = new Run(config()).frames(steadyFace(CAMERA, 1, 0, 100, 4, HAPPY));

        // The first face is gone; another appears elsewhere in the very next frames.
        for (int i = 0; i < 3; i++) {
            run.frame(frame(CAMERA, 5 + i, 400 + i * 100, face(400, 300, SAD)));
        }
        run.advanceTo(10_000);

        List<ExpressionEvent> started = run.ofType(TRACK_STARTED);
        assertThat(started).extracting(ExpressionEvent::getTrackId).containsExactly(1L, 2L);
        assertThat(started.get(1).getExpression()).isEqualTo("sad");
        assertThat(run.ofType(TRACK_ENDED)).extracting(ExpressionEvent::getTrackId).containsExactly(1L, 2L);
    }

    /**
     * Face A moves right, face B left, at 10 fps with 100 px boxes: two 20 px steps, then 60 px
     * per frame, crossing half way; A is happy, B is sad, and B is listed first in each frame.
     */
    private static Run crossingFaces(boolean motionPrediction) {
        TrackingConfig config = new TrackingConfig(0.3, 3, Duration.ofSeconds(1), Duration.ofMillis(500), 0.15,
                Duration.ofMillis(500), Duration.ZERO, 64, motionPrediction);
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
        assertThat(ended).extracting(ExpressionEvent::getTrackId).containsExactly(1L, 2L);
        assertThat(ended.get(0).getExpression()).isEqualTo("sad");
        assertThat(ended.get(0).getBox().getX()).isCloseTo(40f / 640, within(1e-6f));
        assertThat(ended.get(1).getExpression()).isEqualTo("happy");
        assertThat(ended.get(1).getBox().getX()).isCloseTo(500f / 640, within(1e-6f));
        assertThat(run.ofType(EXPRESSION_CHANGED)).isEmpty();
        assertThat(ended).allSatisfy(e -> assertThat(e.getSummary().getObservations()).isEqualTo(10));
    }

    @Test
    void shouldLoseFastFacesWithoutMotionPrediction() {
        // The same scene with prediction off: 60 px steps leave too little overlap (IoU 0.25),
        // so neither track follows its face to the end.
        Run run = crossingFaces(false);

        assertThat(run.ofType(TRACK_ENDED)).hasSize(2)
                .allSatisfy(e -> assertThat(e.getSummary().getObservations()).isLessThan(10));
    }

    @Test
    void shouldChangeExpressionOnlyAfterTheDwellAndSummariseTheTimeline() {
        // 1 s happy, then 3 s sad, 10 fps.
        Run run = new Run(config());
        run.frames(steadyFace(CAMERA, 1, 0, 100, 10, HAPPY));
        run.frames(steadyFace(CAMERA, 11, 1_000, 100, 31, SAD));
        run.advanceTo(100_000);

        List<ExpressionEvent> changed = run.ofType(EXPRESSION_CHANGED);
        assertThat(changed).singleElement().satisfies(e -> {
            assertThat(e.getExpression()).isEqualTo("sad");
            // sad leads by 0.15 once the EMA has moved far enough, then must hold 0.5 s more
            assertThat(e.getEventTime()).isAfterOrEqualTo(Instant.ofEpochMilli(1_500));
            assertThat(e.getEventTime()).isBefore(Instant.ofEpochMilli(2_000));
        });
        TrackSummary summary = run.ofType(TRACK_ENDED).get(0).getSummary();
        long changedAt = changed.get(0).getEventTime().toEpochMilli();
        assertThat(summary.getDurationMillis()).isEqualTo(4_000L);
        assertThat(summary.getDominantExpression()).isEqualTo("sad");
        assertThat(summary.getExpressionShare()).extracting(LabelShare::getLabel)
                .containsExactly("neutral", "happy", "sad");
        assertThat(summary.getExpressionShare().stream().mapToDouble(LabelShare::getShare).sum())
                .isCloseTo(1.0, within(1e-6));
        assertThat(summary.getExpressionShare().get(1).getShare())
                .isCloseTo(changedAt / 4_000f, within(1e-6f));
    }

    @Test
    void shouldNotFlickerOnNoisyAlternatingInput() {
        // Frames alternate between happy and sad; the smoothed lead never holds for the dwell.
        Run run = new Run(config());
        for (int i = 0; i < 100; i++) {
            run.frame(frame(CAMERA, i + 1, i * 33L, face(100, 100, i % 2 == 0 ? HAPPY : SAD)));
        }

        assertThat(run.ofType(TRACK_STARTED)).hasSize(1);
        assertThat(run.ofType(EXPRESSION_CHANGED)).isEmpty();
    }

    @Test
    void shouldEmitPeriodicUpdatesWhenEnabled() {
        TrackingConfig config = new TrackingConfig(0.3, 3, Duration.ofSeconds(1), Duration.ofMillis(500), 0.15,
                Duration.ofMillis(500), Duration.ofSeconds(1), 64, true);
        Run run = new Run(config).frames(steadyFace(CAMERA, 1, 0, 100, 36, NEUTRAL)); // 0 .. 3.5 s

        assertThat(run.ofType(TRACK_STARTED)).extracting(e -> e.getEventTime().toEpochMilli()).containsExactly(200L);
        assertThat(run.ofType(TRACK_UPDATED)).extracting(e -> e.getEventTime().toEpochMilli())
                .containsExactly(1_200L, 2_200L, 3_200L);
        assertThat(new Run(config()).frames(steadyFace(CAMERA, 1, 0, 100, 36, NEUTRAL)).ofType(TRACK_UPDATED))
                .as("off by default").isEmpty();
    }

    @Test
    void shouldProduceTheSameEventsAndIdsForTheSameInput() {
        List<FrameFaces> input = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            input.add(frame(CAMERA, i + 1, i * 100L, face(100 + 5 * i, 100, i < 15 ? HAPPY : SAD),
                    face(400, 200, NEUTRAL)));
        }

        List<ExpressionEvent> first = new Run(config()).frames(input).advanceTo(100_000).events;
        List<ExpressionEvent> second = new Run(config()).frames(input).advanceTo(100_000).events;

        assertThat(first).hasSizeGreaterThanOrEqualTo(5).isEqualTo(second);
        assertThat(first).extracting(ExpressionEvent::getEventId).doesNotHaveDuplicates();
        ExpressionEvent any = first.get(0);
        assertThat(any.getEventId()).isEqualTo(EventIds.eventId(CAMERA, any.getTrackId(), any.getType(),
                any.getFrameSequence()));
        assertThat(EventIds.eventId("cam-1", 1, TRACK_STARTED, 3))
                .isNotEqualTo(EventIds.eventId("cam-2", 1, TRACK_STARTED, 3))
                .isNotEqualTo(EventIds.eventId("cam-1", 1, TRACK_ENDED, 3));
    }

    @Test
    void shouldBoundTracksPerCameraAndCountIgnoredFaces() {
        TrackingConfig config = new TrackingConfig(0.3, 1, Duration.ofSeconds(1), Duration.ofMillis(500), 0.15,
                Duration.ofMillis(500), Duration.ZERO, 2, true);
        Run run = new Run(config);

        run.frame(frame(CAMERA, 1, 0, face(0, 0, HAPPY), face(200, 0, HAPPY), face(400, 0, HAPPY),
                face(0, 200, HAPPY)));

        assertThat(run.state.tracks).hasSize(2);
        assertThat(run.overCapacity).isEqualTo(2);
        assertThat(run.ofType(TRACK_STARTED)).hasSize(2); // minHits 1: confirmed at once
    }

    @Test
    void shouldIgnoreFramesOlderThanTheLastOne() {
        Run run = new Run(config()).frames(steadyFace(CAMERA, 1, 0, 100, 3, HAPPY));

        run.frame(frame(CAMERA, 2, 100, face(100, 100, SAD)));
        run.frame(frame(CAMERA, 3, 200, face(100, 100, SAD))); // a duplicate of the last one

        assertThat(run.outOfOrder).isEqualTo(2);
        assertThat(run.state.tracks.get(0).observations).isEqualTo(3);
    }

    @Test
    void shouldKeepTrackIdsIncreasingAfterACameraWentIdle() {
        Run run = new Run(config()).frames(steadyFace(CAMERA, 1, 0, 100, 3, HAPPY)).advanceTo(10_000);
        assertThat(run.state).isNull();

        run.frames(steadyFace(CAMERA, 100, 20_000, 100, 3, HAPPY));

        assertThat(run.ofType(TRACK_STARTED)).extracting(ExpressionEvent::getTrackId)
                .containsExactly(1L, 20_000L * CameraTracker.TRACK_IDS_PER_MILLI);
    }

    @Test
    void shouldEndTracksWhenTheExpressionModelChanges() {
        Run run = new Run(config()).frames(steadyFace(CAMERA, 1, 0, 100, 3, HAPPY));

        run.frame(new FrameFaces(CAMERA, 4, 300, 640, 480, List.of(face(100, 100, new float[] {0.5f, 0.5f})),
                "other-model", "2", new String[] {"calm", "agitated"}));

        assertThat(run.ofType(TRACK_ENDED)).singleElement().satisfies(e -> {
            assertThat(e.getModel().getName()).isEqualTo("test-model");
            assertThat(e.getSummary().getExpressionShare()).hasSize(3);
        });
        assertThat(run.state.labels).containsExactly("calm", "agitated");
    }
}
