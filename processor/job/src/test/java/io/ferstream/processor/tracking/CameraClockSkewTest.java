package io.ferstream.processor.tracking;

import static io.ferstream.processor.tracking.TestFrames.HAPPY;
import static io.ferstream.processor.tracking.TestFrames.NEUTRAL;
import static io.ferstream.processor.tracking.TestFrames.SAD;
import static io.ferstream.processor.tracking.TestFrames.face;
import static io.ferstream.processor.tracking.TestFrames.frame;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ferstream.schema.ExpressionEvent;
import io.ferstream.schema.ExpressionEventType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/**
 * Cameras that share a partition, with clocks that disagree: the partition's watermark follows the
 * fastest camera, yet each camera gets exactly the events it gets alone.
 */
class CameraClockSkewTest {

    private static final long OUT_OF_ORDERNESS = 500;
    private static final long FRAME = 100;

    /** A frame as it arrives: its camera's capture time, and the wall clock when it arrives. */
    private record Arrival(FrameFaces frame, long wallClock) {}

    /**
     * One camera's script, in its own clock starting at {@code start}: a face that is happy for 2 s
     * then sad for 2 s, leaves for 3 s, then a second face for 2 s, then the camera goes silent. It
     * arrives in real time: a frame's wall-clock arrival is its index x 100 ms.
     */
    private static List<Arrival> camera(String id, long start) {
        List<Arrival> arrivals = new ArrayList<>();
        for (int i = 0; i < 110; i++) {
            long capture = start + i * FRAME;
            FaceObservation[] faces =
                    i < 40
                            ? new FaceObservation[] {face(100 + i, 100, i < 20 ? HAPPY : SAD)}
                            : i < 70
                                    ? new FaceObservation[0]
                                    : i < 90
                                            ? new FaceObservation[] {face(300, 200, NEUTRAL)}
                                            : new FaceObservation[0];
            arrivals.add(new Arrival(frame(id, i + 1, capture, faces), i * FRAME));
        }
        return arrivals;
    }

    /** The arrivals of several cameras merged in wall-clock order, as on one partition. */
    @SafeVarargs
    private static List<Arrival> partition(List<Arrival>... cameras) {
        List<Arrival> merged = new ArrayList<>();
        for (List<Arrival> camera : cameras) {
            merged.addAll(camera);
        }
        merged.sort((a, b) -> Long.compare(a.wallClock(), b.wallClock()));
        return merged;
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, FrameFaces, ExpressionEvent>
            harness() throws Exception {
        var harness =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        new KeyedProcessOperator<>(
                                new TrackingFunction(TrackingConfig.defaults(), () -> 42L)),
                        FrameFaces::cameraId,
                        Types.STRING);
        harness.setup();
        return harness;
    }

    /**
     * Plays arrivals through the tracker with the partition's bounded-out-of-orderness watermark
     * (highest capture time seen minus 500 ms) every 200 ms of wall clock, from {@code from}
     * (inclusive) to {@code to} (exclusive); returns the highest capture time seen.
     */
    private static long play(
            KeyedOneInputStreamOperatorTestHarness<String, FrameFaces, ExpressionEvent> harness,
            List<Arrival> arrivals,
            int from,
            int to,
            long highest)
            throws Exception {
        long lastEmit = from == 0 ? 0 : arrivals.get(from - 1).wallClock();
        for (Arrival arrival : arrivals.subList(from, to)) {
            FrameFaces frame = arrival.frame();
            harness.processElement(new StreamRecord<>(frame, frame.captureTimeMillis()));
            highest = Math.max(highest, frame.captureTimeMillis());
            if (arrival.wallClock() - lastEmit >= 200) {
                harness.processWatermark(highest - OUT_OF_ORDERNESS);
                lastEmit = arrival.wallClock();
            }
        }
        return highest;
    }

    /** Every event of {@code camera}, as the tracker emits them with arrivals alone or shared. */
    private static List<ExpressionEvent> events(List<Arrival> arrivals, String camera, long end)
            throws Exception {
        try (var harness = harness()) {
            harness.open();
            play(harness, arrivals, 0, arrivals.size(), Long.MIN_VALUE);
            harness.processWatermark(end);
            return ofCamera(harness.extractOutputValues(), camera);
        }
    }

    private static List<ExpressionEvent> ofCamera(List<ExpressionEvent> events, String camera) {
        return events.stream()
                .filter(e -> e.getCameraId().equals(camera))
                .map(
                        e -> // the informational processing-time fields differ between runs
                        ExpressionEvent.newBuilder(e)
                                        .setProcessedTime(Instant.EPOCH)
                                        .setCaptureToEmitMillis(0)
                                        .build())
                .toList();
    }

    private static List<ExpressionEventType> types(List<ExpressionEvent> events) {
        return events.stream().map(ExpressionEvent::getType).toList();
    }

    private static void assertSameEventsAsAlone(long skewMillis) throws Exception {
        long start = 1_700_000_000_000L;
        List<Arrival> fast = camera("cam-fast", start);
        List<Arrival> slow = camera("cam-slow", start - skewMillis);
        long end = start + 1_000_000;

        List<ExpressionEvent> fastAlone = events(fast, "cam-fast", end);
        List<ExpressionEvent> slowAlone = events(slow, "cam-slow", end);
        List<Arrival> shared = partition(fast, slow);

        assertEquals(
                List.of(
                        ExpressionEventType.TRACK_STARTED,
                        ExpressionEventType.EXPRESSION_CHANGED,
                        ExpressionEventType.TRACK_ENDED,
                        ExpressionEventType.TRACK_STARTED,
                        ExpressionEventType.TRACK_ENDED),
                types(slowAlone),
                "the script's events, alone");
        assertEquals(fastAlone, events(shared, "cam-fast", end));
        assertEquals(slowAlone, events(shared, "cam-slow", end));
    }

    @Test
    void shouldGiveACameraThreeSecondsBehindItsOwnEvents() throws Exception {
        assertSameEventsAsAlone(3_000);
    }

    @Test
    void shouldGiveACameraSixtySecondsBehindItsOwnEvents() throws Exception {
        assertSameEventsAsAlone(60_000);
    }

    @Test
    void shouldGiveACameraSixtySecondsAheadItsOwnEvents() throws Exception {
        assertSameEventsAsAlone(-60_000);
    }

    @Test
    void shouldEndTheTracksOfASilentCameraWithinTheDocumentedBound() throws Exception {
        // cam-slow (3 s behind) stops for good while its second face is in view; cam-fast goes on.
        long start = 1_700_000_000_000L;
        List<Arrival> slow = camera("cam-slow", start - 3_000).subList(0, 80);
        List<Arrival> fast = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) { // 100 s of an empty scene
            fast.add(new Arrival(frame("cam-fast", i + 1, start + i * FRAME), i * FRAME));
        }
        List<Arrival> shared = partition(fast, slow);
        long lastSeen = slow.get(slow.size() - 1).frame().captureTimeMillis();

        try (var harness = harness()) {
            harness.open();
            play(harness, shared, 0, shared.size(), Long.MIN_VALUE);

            List<StreamRecord<? extends ExpressionEvent>> ended = new ArrayList<>();
            harness.extractOutputStreamRecords().stream()
                    .filter(r -> r.getValue().getType() == ExpressionEventType.TRACK_ENDED)
                    .forEach(ended::add);
            StreamRecord<? extends ExpressionEvent> last = ended.get(ended.size() - 1);
            TrackingConfig config = TrackingConfig.defaults();
            long bound = lastSeen + config.maxAge().toMillis() + config.maxCameraSkew().toMillis();

            assertEquals(2, ended.size(), "both of its tracks ended without another frame");
            assertEquals(Instant.ofEpochMilli(lastSeen), last.getValue().getEventTime());
            assertEquals(bound, last.getTimestamp(), "when the others' time passed the bound");
            assertEquals(0, harness.numKeyedStateEntries(), "nothing left of either camera");
        }
    }

    @Test
    void shouldGiveTheSameEventsAfterASnapshotAndRestoreInTheMiddle() throws Exception {
        long start = 1_700_000_000_000L;
        List<Arrival> shared =
                partition(camera("cam-fast", start), camera("cam-slow", start - 60_000));
        long end = start + 1_000_000;
        List<ExpressionEvent> uninterrupted = new ArrayList<>();
        for (String camera : List.of("cam-fast", "cam-slow")) {
            uninterrupted.addAll(events(shared, camera, end));
        }

        int middle = 61; // 3 s into both scripts: both cameras have a track open
        List<ExpressionEvent> restored = new ArrayList<>();
        OperatorSubtaskState snapshot;
        long highest;
        try (var before = harness()) {
            before.open();
            highest = play(before, shared, 0, middle, Long.MIN_VALUE);
            assertEquals(2, before.numKeyedStateEntries(), "both cameras mid-track");
            restored.addAll(before.extractOutputValues());
            snapshot = before.snapshot(1L, 1L);
        }
        try (var after = harness()) {
            after.initializeState(snapshot);
            after.open();
            play(after, shared, middle, shared.size(), highest);
            after.processWatermark(end);
            restored.addAll(after.extractOutputValues());
            assertEquals(0, after.numKeyedStateEntries());
            assertEquals(0, after.numEventTimeTimers());
        }
        List<ExpressionEvent> restoredByCamera = new ArrayList<>();
        for (String camera : List.of("cam-fast", "cam-slow")) {
            restoredByCamera.addAll(ofCamera(restored, camera));
        }

        assertFalse(uninterrupted.isEmpty());
        assertEquals(uninterrupted, restoredByCamera);
        assertTrue(uninterrupted.stream().anyMatch(e -> e.getCameraId().equals("cam-slow")));
    }
}
