package io.ferstream.processor.tracking;

import static io.ferstream.processor.tracking.TestFrames.HAPPY;
import static io.ferstream.processor.tracking.TestFrames.NEUTRAL;
import static io.ferstream.processor.tracking.TestFrames.SAD;
import static io.ferstream.processor.tracking.TestFrames.face;
import static io.ferstream.processor.tracking.TestFrames.frame;
import static io.ferstream.schema.ExpressionEventType.EXPRESSION_CHANGED;
import static io.ferstream.schema.ExpressionEventType.TRACK_ENDED;
import static io.ferstream.schema.ExpressionEventType.TRACK_STARTED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ferstream.processor.tracking.internal.CameraTrackingState;
import io.ferstream.schema.ExpressionEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

class TrackingFunctionTest {

    /** One step of a script: a frame, or a watermark when {@code frame} is null. */
    private record Step(FrameFaces frame, long watermark) {
        static Step of(FrameFaces frame) {
            return new Step(frame, 0);
        }

        static Step watermark(long time) {
            return new Step(null, time);
        }
    }

    /**
     * Two cameras at 10 fps with 200 ms watermarks. cam-1: a face happy for 1 s, then sad until 3
     * s. cam-2: a neutral face from 0.5 s to 1.5 s. Then event time moves on to 100 s, past both
     * cameras' last frames by maxAge plus the tolerated camera skew.
     */
    private static List<Step> script() {
        List<Step> steps = new ArrayList<>();
        for (int i = 0; i <= 30; i++) {
            long time = i * 100L;
            steps.add(
                    Step.of(
                            frame(
                                    "cam-1",
                                    i + 1,
                                    time,
                                    face(100 + i, 100, time < 1_000 ? HAPPY : SAD))));
            if (time >= 500 && time <= 1_500) {
                steps.add(Step.of(frame("cam-2", 1_000 + i, time, face(300, 200, NEUTRAL))));
            }
            if (i == 12) {
                steps.add(Step.of(frame("cam-1", 5, 400, face(100, 100, NEUTRAL)))); // out of order
            }
            if (i % 2 == 1) {
                steps.add(Step.watermark(time - 50));
            }
        }
        steps.add(Step.watermark(100_000));
        return steps;
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, FrameFaces, ExpressionEvent>
            harness(long processingTime) throws Exception {
        TrackingFunction function =
                new TrackingFunction(TrackingConfig.defaults(), () -> processingTime);
        KeyedOneInputStreamOperatorTestHarness<String, FrameFaces, ExpressionEvent> harness =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        new KeyedProcessOperator<>(function), FrameFaces::cameraId, Types.STRING);
        harness.setup();
        return harness;
    }

    private static void play(
            KeyedOneInputStreamOperatorTestHarness<String, FrameFaces, ExpressionEvent> harness,
            List<Step> steps)
            throws Exception {
        for (Step step : steps) {
            if (step.frame() != null) {
                harness.processElement(step.frame(), step.frame().captureTimeMillis());
            } else {
                harness.processWatermark(step.watermark());
            }
        }
    }

    /** Drops the informational processing-time fields, which differ between runs. */
    private static List<ExpressionEvent> withoutProcessingTime(List<ExpressionEvent> events) {
        return events.stream()
                .map(
                        e ->
                                ExpressionEvent.newBuilder(e)
                                        .setProcessedTime(Instant.EPOCH)
                                        .setCaptureToEmitMillis(0)
                                        .build())
                .toList();
    }

    @Test
    void shouldEmitTheScriptedEventsAndLeaveNoStateOrTimersBehind() throws Exception {
        try (var harness = harness(42)) {
            harness.open();
            List<Step> steps = script();

            play(harness, steps.subList(0, steps.size() - 1));
            // cam-2 went silent at 1.5 s, but its track waits for the tolerated skew to pass
            assertEquals(
                    2, harness.numEventTimeTimers(), "one expiry timer per camera with tracks");
            assertEquals(2, harness.numKeyedStateEntries());
            play(harness, steps.subList(steps.size() - 1, steps.size()));

            assertEquals(
                    List.of(
                            List.of("cam-1", TRACK_STARTED, "happy"),
                            List.of("cam-2", TRACK_STARTED, "neutral"),
                            List.of("cam-1", EXPRESSION_CHANGED, "sad"),
                            List.of("cam-2", TRACK_ENDED, "neutral"),
                            List.of("cam-1", TRACK_ENDED, "sad")),
                    harness.extractOutputValues().stream()
                            .map(
                                    e ->
                                            Arrays.asList(
                                                    e.getCameraId(),
                                                    e.getType(),
                                                    e.getExpression()))
                            .toList());
            var records = harness.extractOutputStreamRecords();
            assertFalse(records.isEmpty());
            assertEquals(
                    3_000L + 1_000L + 60_000L,
                    records.get(records.size() - 1).getTimestamp(),
                    "ended by the timer at lastSeen + maxAge + maxCameraSkew");
            assertEquals(
                    Instant.ofEpochMilli(3_000L),
                    records.get(records.size() - 1).getValue().getEventTime(),
                    "as of the camera's own last frame");
            assertEquals(0, harness.numKeyedStateEntries());
            assertEquals(0, harness.numEventTimeTimers());
        }
    }

    @Test
    void shouldContinueAfterRestoreExactlyLikeAnUninterruptedRun() throws Exception {
        List<Step> steps = script();
        List<ExpressionEvent> uninterrupted;
        try (var harness = harness(42)) {
            harness.open();
            play(harness, steps);
            uninterrupted = harness.extractOutputValues();
        }

        // Snapshot in the middle of both cameras' tracks, then restore into a new operator.
        int middle = steps.indexOf(Step.of(frame("cam-1", 13, 1_200, face(112, 100, SAD))));
        List<ExpressionEvent> restored = new ArrayList<>();
        OperatorSubtaskState snapshot;
        try (var before = harness(42)) {
            before.open();
            play(before, steps.subList(0, middle));
            restored.addAll(before.extractOutputValues());
            assertEquals(2, before.numKeyedStateEntries());
            snapshot = before.snapshot(1L, 1_000L);
        }
        try (var after = harness(99)) {
            after.initializeState(snapshot);
            after.open();
            assertEquals(2, after.numEventTimeTimers(), "timers restored");
            play(after, steps.subList(middle, steps.size()));
            restored.addAll(after.extractOutputValues());
            assertEquals(0, after.numKeyedStateEntries());
            assertEquals(0, after.numEventTimeTimers());
        }

        assertTrue(middle > 0, "middle = " + middle);
        assertEquals(5, uninterrupted.size());
        assertEquals(withoutProcessingTime(uninterrupted), withoutProcessingTime(restored));
    }

    @Test
    void shouldCheckpointInputAndStateWithoutFallingBackToKryo() {
        SerializerConfigImpl noGenericTypes = new SerializerConfigImpl();
        noGenericTypes.setGenericTypes(false);

        for (Class<?> type : List.of(FrameFaces.class, CameraTrackingState.class)) {
            TypeInformation<?> info = TypeInformation.of(type);
            assertInstanceOf(PojoTypeInfo.class, info, type.getSimpleName());
            // Throws UnsupportedOperationException if any nested field would need Kryo.
            assertNotNull(info.createSerializer(noGenericTypes));
        }
    }
}
