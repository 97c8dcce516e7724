package io.ferstream.processor.summaries;

import static io.ferstream.processor.summaries.TestEvents.changed;
import static io.ferstream.processor.summaries.TestEvents.ended;
import static io.ferstream.processor.summaries.TestEvents.started;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.ferstream.processor.tracking.TrackingConfig;
import io.ferstream.schema.ExpressionEvent;
import io.ferstream.schema.ExpressionSummary;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/**
 * The summaries operator in Flink's operator harness, with the default tracking settings: a minute
 * is due when event time passes its end by max-age (1 s) plus max-camera-skew (60 s).
 */
class ExpressionSummaryFunctionTest {

    private static final long LATENESS = 61_000;

    /** An event, or a watermark when {@code event} is null. */
    private record Step(ExpressionEvent event, long watermark) {}

    /**
     * Track 1: happy from 10 s, sad from 70 s, ended at 190 s. Track 2 (another track of the same
     * camera): neutral from 20 s to 25 s. Watermarks every 10 s of event time, as the other cameras
     * of the partition would drive them.
     */
    private static List<Step> script() {
        List<Step> steps = new ArrayList<>();
        steps.add(new Step(started(1, 10_000, "happy"), 0));
        steps.add(new Step(started(2, 20_000, "neutral"), 0));
        steps.add(new Step(ended(2, 25_000, "neutral"), 0));
        steps.add(new Step(changed(1, 70_000, "sad"), 0));
        steps.add(new Step(ended(1, 190_000, "sad"), 0));
        for (long w = 10_000; w <= 400_000; w += 10_000) {
            steps.add(new Step(null, w));
        }
        // Watermarks and events interleave as event time goes on.
        steps.sort(
                (a, b) ->
                        Long.compare(
                                a.event == null ? a.watermark : time(a.event),
                                b.event == null ? b.watermark : time(b.event)));
        return steps;
    }

    private static long time(ExpressionEvent e) {
        return e.getEventTime().toEpochMilli();
    }

    private static KeyedOneInputStreamOperatorTestHarness<
                    String, ExpressionEvent, ExpressionSummary>
            harness() throws Exception {
        var function = new ExpressionSummaryFunction(TrackingConfig.defaults(), () -> 7L);
        return new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(function), ExpressionEvent::getCameraId, Types.STRING);
    }

    private static void play(
            KeyedOneInputStreamOperatorTestHarness<String, ExpressionEvent, ExpressionSummary>
                    harness,
            List<Step> steps)
            throws Exception {
        for (Step step : steps) {
            if (step.event == null) {
                harness.processWatermark(step.watermark);
            } else {
                harness.processElement(step.event, time(step.event));
            }
        }
    }

    @Test
    void shouldSummariseEachMinuteOnceEventTimePassesItsEndByTheLateness() throws Exception {
        try (var harness = harness()) {
            harness.open();
            List<Step> steps = script();
            int dueFirst = steps.indexOf(new Step(null, 60_000 + LATENESS - 1_000));
            play(harness, steps.subList(0, dueFirst));
            assertEquals(List.of(), harness.extractOutputValues(), "minute 0 is not due yet");

            play(harness, steps.subList(dueFirst, steps.size()));

            List<ExpressionSummary> out = harness.extractOutputValues();
            assertEquals(List.of(0L, 60_000L, 120_000L, 180_000L), starts(out));
            assertEquals(List.of(2, 1, 1, 1), out.stream().map(s -> s.getFacesSeen()).toList());
            assertEquals(
                    List.of("happy", "sad", "sad", "sad"),
                    out.stream().map(s -> s.getDominantExpression()).toList());
            var records = harness.extractOutputStreamRecords();
            assertEquals(
                    60_000 + LATENESS,
                    records.get(0).getTimestamp(),
                    "emitted by the timer at the minute's end plus the lateness");
            assertEquals(1, harness.numKeyedStateEntries(), "the last summarised minute's end");
            assertEquals(0, harness.numEventTimeTimers());
        }
    }

    @Test
    void shouldContinueAfterRestoreExactlyLikeAnUninterruptedRun() throws Exception {
        List<Step> steps = script();
        List<ExpressionSummary> uninterrupted;
        try (var harness = harness()) {
            harness.open();
            play(harness, steps);
            uninterrupted = harness.extractOutputValues();
        }

        // Between the first summary and the track's end: an open track and a pending minute.
        int middle = steps.indexOf(new Step(null, 130_000)) + 1;
        List<ExpressionSummary> restored = new ArrayList<>();
        OperatorSubtaskState snapshot;
        try (var before = harness()) {
            before.open();
            play(before, steps.subList(0, middle));
            restored.addAll(before.extractOutputValues());
            assertEquals(1, restored.size());
            assertEquals(1, before.numEventTimeTimers());
            snapshot = before.snapshot(1L, 1_000L);
        }
        try (var after = harness()) {
            after.initializeState(snapshot);
            after.open();
            play(after, steps.subList(middle, steps.size()));
            restored.addAll(after.extractOutputValues());
        }

        assertEquals(uninterrupted, restored);
    }

    @Test
    void shouldNeverSummariseAMinuteTwiceEvenAfterARestoreWhenItsEventsComeLate() throws Exception {
        OperatorSubtaskState snapshot;
        try (var harness = harness()) {
            harness.open();
            play(harness, script());
            assertEquals(4, harness.extractOutputValues().size());
            snapshot = harness.snapshot(1L, 1_000L);
        }
        try (var restored = harness()) {
            restored.initializeState(snapshot);
            restored.open();
            // Beyond the skew contract, and before any watermark of the new attempt: a track of
            // minute 0 whose frames were held up.
            restored.processElement(started(9, 20_000, "happy"), 20_000);
            restored.processElement(ended(9, 30_000, "happy"), 30_000);
            restored.processWatermark(Long.MAX_VALUE);

            assertEquals(List.of(), restored.extractOutputValues(), "no second minute 0");
        }
    }

    @Test
    void shouldCheckpointStateWithoutFallingBackToKryo() {
        SerializerConfigImpl noGenericTypes = new SerializerConfigImpl();
        noGenericTypes.setGenericTypes(false);

        TypeInformation<?> info = TypeInformation.of(CameraMinutes.class);
        assertInstanceOf(PojoTypeInfo.class, info);
        // Throws UnsupportedOperationException if any nested field would need Kryo.
        assertNotNull(info.createSerializer(noGenericTypes));
    }

    private static List<Long> starts(List<ExpressionSummary> out) {
        return out.stream().map(s -> s.getWindowStart().toEpochMilli()).toList();
    }
}
