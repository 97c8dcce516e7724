package io.ferstream.processor.summaries;

import static io.ferstream.processor.summaries.MinuteSummarizer.MINUTE_MILLIS;
import static io.ferstream.processor.summaries.TestEvents.changed;
import static io.ferstream.processor.summaries.TestEvents.ended;
import static io.ferstream.processor.summaries.TestEvents.started;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ferstream.processor.summaries.MinuteSummarizer.Applied;
import io.ferstream.schema.ExpressionEvent;
import io.ferstream.schema.ExpressionSummary;
import io.ferstream.schema.LabelDuration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class MinuteSummarizerTest {

    private final MinuteSummarizer summarizer = new MinuteSummarizer();

    @Test
    void shouldSplitATrackLabelTimeAtMinuteBoundaries() {
        CameraMinutes state = newState();
        apply(state, started(1, 10_000, "happy"));
        apply(state, changed(1, 30_000, "sad"));
        apply(state, ended(1, 70_000, "sad"));

        assertEquals(List.of(), summarizer.summariseUntil(state, 59_999, 0));
        List<ExpressionSummary> first = summarizer.summariseUntil(state, 60_000, 0);
        assertEquals(1, first.size());
        assertSummary(first.get(0), 0, 1, 1, Map.of("happy", 20_000L, "sad", 30_000L), "sad");

        List<ExpressionSummary> second = summarizer.summariseUntil(state, 200_000, 0);
        assertEquals(1, second.size());
        assertSummary(second.get(0), 60_000, 1, 0, Map.of("sad", 10_000L), "sad");
        assertTrue(summarizer.isDone(state));
    }

    @Test
    void shouldCountATrackThatStaysThroughSilentMinutes() {
        CameraMinutes state = newState();
        apply(state, started(7, 50_000, "neutral"));

        assertEquals(60_000, summarizer.nextMinuteEnd(state));
        List<ExpressionSummary> out = summarizer.summariseUntil(state, 3 * MINUTE_MILLIS + 5, 0);

        assertEquals(3, out.size());
        assertSummary(out.get(0), 0, 1, 1, Map.of("neutral", 10_000L), "neutral");
        assertSummary(out.get(1), 60_000, 1, 0, Map.of("neutral", 60_000L), "neutral");
        assertSummary(out.get(2), 120_000, 1, 0, Map.of("neutral", 60_000L), "neutral");
        assertEquals(4 * MINUTE_MILLIS, summarizer.nextMinuteEnd(state), "the track is still open");
    }

    @Test
    void shouldNotLetUnknownDominateAndBreakTiesAlphabetically() {
        CameraMinutes state = newState();
        apply(state, started(1, 0, "unknown"));
        apply(state, ended(1, 40_000, "unknown"));
        apply(state, started(2, 0, "surprised"));
        apply(state, ended(2, 10_000, "surprised"));
        apply(state, started(3, 20_000, "angry"));
        apply(state, ended(3, 30_000, "angry"));

        ExpressionSummary summary = summarizer.summariseUntil(state, 60_000, 0).get(0);

        assertSummary(
                summary,
                0,
                3,
                3,
                Map.of("angry", 10_000L, "surprised", 10_000L, "unknown", 40_000L),
                "angry");
        assertEquals(
                List.of("angry", "surprised", "unknown"),
                summary.getTrackMillis().stream().map(LabelDuration::getLabel).toList());
    }

    @Test
    void shouldCountATrackSeenAtOneInstantAsAFaceWithoutTime() {
        CameraMinutes state = newState();
        apply(state, started(1, 5_000, "happy"));
        apply(state, ended(1, 5_000, "happy"));

        ExpressionSummary summary = summarizer.summariseUntil(state, 60_000, 0).get(0);

        assertSummary(summary, 0, 1, 1, Map.of(), "unknown");
    }

    @Test
    void shouldLeaveASummarisedMinuteAloneWhenItsEventsComeLate() {
        CameraMinutes state = newState();
        apply(state, started(1, 10_000, "happy"));
        ExpressionSummary before = summarizer.summariseUntil(state, 60_000, 0).get(0);

        assertEquals(Applied.LATE, summarizer.apply(state, changed(1, 50_000, "sad")));
        assertEquals(Applied.LATE, summarizer.apply(state, started(2, 55_000, "happy")));
        apply(state, ended(1, 90_000, "sad"));
        apply(state, ended(2, 61_000, "happy"));
        List<ExpressionSummary> after = summarizer.summariseUntil(state, 120_000, 0);

        assertSummary(before, 0, 1, 1, Map.of("happy", 50_000L), "happy");
        assertEquals(1, after.size());
        // The late change moves the label on from the summarised minute's end.
        assertSummary(after.get(0), 60_000, 2, 0, Map.of("sad", 30_000L, "happy", 1_000L), "sad");
    }

    @Test
    void shouldIgnoreEventsOfTracksItNeverSawStart() {
        CameraMinutes state = newState();

        assertEquals(Applied.UNKNOWN_TRACK, summarizer.apply(state, changed(4, 1_000, "sad")));
        assertEquals(Applied.UNKNOWN_TRACK, summarizer.apply(state, ended(4, 2_000, "sad")));
        apply(state, started(5, 2_000, "sad"));
        // A second start of the same track is not one the tracker writes: it is not counted.
        assertEquals(Applied.UNKNOWN_TRACK, summarizer.apply(state, started(5, 3_000, "sad")));

        assertEquals(1, summarizer.summariseUntil(state, 60_000, 0).get(0).getFacesSeen());
    }

    @Test
    void shouldHaveNothingToDoWithoutTracks() {
        CameraMinutes state = newState();

        assertEquals(Long.MAX_VALUE, summarizer.nextMinuteEnd(state));
        assertEquals(List.of(), summarizer.summariseUntil(state, 10 * MINUTE_MILLIS, 0));
        assertTrue(summarizer.isDone(state));
    }

    @Test
    void shouldHandleCaptureTimesBeforeTheEpoch() {
        CameraMinutes state = newState();
        apply(state, started(1, -30_000, "happy"));
        apply(state, ended(1, 15_000, "happy"));

        List<ExpressionSummary> out = summarizer.summariseUntil(state, 60_000, 0);

        assertSummary(out.get(0), -60_000, 1, 1, Map.of("happy", 30_000L), "happy");
        assertSummary(out.get(1), 0, 1, 0, Map.of("happy", 15_000L), "happy");
    }

    /**
     * Random cameras against a brute-force reading of the same events: for every minute, each
     * track's label intervals clipped to it. Summarising minute by minute or all at once must give
     * the same records, as a timer that fires late or early would.
     */
    @Test
    void shouldAgreeWithABruteForceReadingOfRandomEvents() {
        for (int seed = 0; seed < 200; seed++) {
            Random random = new Random(seed);
            List<ExpressionEvent> events = randomEvents(random);
            long end = 10 * MINUTE_MILLIS;

            CameraMinutes stepwise = newState();
            List<ExpressionSummary> byMinute = new ArrayList<>();
            CameraMinutes atOnce = newState();
            for (ExpressionEvent event : events) {
                long time = event.getEventTime().toEpochMilli();
                // Minutes complete before the event's time, as event time passes them.
                byMinute.addAll(summarizer.summariseUntil(stepwise, time, 0));
                assertEquals(Applied.COUNTED, summarizer.apply(stepwise, event), "seed " + seed);
                summarizer.apply(atOnce, event);
            }
            byMinute.addAll(summarizer.summariseUntil(stepwise, end, 0));
            List<ExpressionSummary> all = summarizer.summariseUntil(atOnce, end, 0);

            assertEquals(bruteForce(events), byMinute, "seed " + seed);
            assertEquals(all, byMinute, "seed " + seed);
            assertTrue(summarizer.isDone(stepwise));
        }
    }

    /**
     * Up to 6 tracks over 8 minutes, each started, changed a few times and ended, in time order.
     */
    private static List<ExpressionEvent> randomEvents(Random random) {
        String[] labels = {"angry", "happy", "neutral", "sad", "unknown"};
        List<ExpressionEvent> events = new ArrayList<>();
        int tracks = 1 + random.nextInt(6);
        for (long id = 1; id <= tracks; id++) {
            long time = random.nextInt(4 * 60) * 1_000L + random.nextInt(3) * 500L;
            String label = labels[random.nextInt(labels.length)];
            events.add(started(id, time, label));
            int changes = random.nextInt(4);
            for (int c = 0; c < changes; c++) {
                time += random.nextInt(90_000);
                label = labels[random.nextInt(labels.length)];
                events.add(changed(id, time, label));
            }
            time += random.nextInt(90_000);
            events.add(ended(id, time, label));
        }
        // Stable sort: a track's own events keep their order when they share a time.
        events.sort((a, b) -> a.getEventTime().compareTo(b.getEventTime()));
        return events;
    }

    private static List<ExpressionSummary> bruteForce(List<ExpressionEvent> events) {
        Map<Long, List<ExpressionEvent>> byTrack = new LinkedHashMap<>();
        for (ExpressionEvent e : events) {
            byTrack.computeIfAbsent(e.getTrackId(), id -> new ArrayList<>()).add(e);
        }
        Map<Long, Map<String, Long>> millis = new TreeMap<>();
        Map<Long, java.util.Set<Long>> faces = new TreeMap<>();
        Map<Long, Integer> startedIn = new HashMap<>();
        for (var entry : byTrack.entrySet()) {
            List<ExpressionEvent> track = entry.getValue();
            long first = time(track.get(0));
            long last = time(track.get(track.size() - 1));
            startedIn.merge(Math.floorDiv(first, MINUTE_MILLIS) * MINUTE_MILLIS, 1, Integer::sum);
            for (long m = Math.floorDiv(first, MINUTE_MILLIS) * MINUTE_MILLIS;
                    m <= last;
                    m += MINUTE_MILLIS) {
                faces.computeIfAbsent(m, k -> new java.util.TreeSet<>()).add(entry.getKey());
                for (int i = 0; i + 1 < track.size(); i++) {
                    long from = Math.max(m, time(track.get(i)));
                    long to = Math.min(m + MINUTE_MILLIS, time(track.get(i + 1)));
                    if (to > from) {
                        millis.computeIfAbsent(m, k -> new TreeMap<>())
                                .merge(track.get(i).getExpression(), to - from, Long::sum);
                    }
                }
            }
        }
        List<ExpressionSummary> out = new ArrayList<>();
        for (var entry : faces.entrySet()) {
            long m = entry.getKey();
            Map<String, Long> labels = millis.getOrDefault(m, Map.of());
            String dominant = "unknown";
            long longest = 0;
            List<LabelDuration> durations = new ArrayList<>();
            for (var l : new TreeMap<>(labels).entrySet()) {
                durations.add(new LabelDuration(l.getKey(), l.getValue()));
                if (!l.getKey().equals("unknown") && l.getValue() > longest) {
                    dominant = l.getKey();
                    longest = l.getValue();
                }
            }
            out.add(
                    ExpressionSummary.newBuilder()
                            .setSummaryId(TestEvents.CAMERA + "/" + Instant.ofEpochMilli(m))
                            .setCameraId(TestEvents.CAMERA)
                            .setWindowStart(Instant.ofEpochMilli(m))
                            .setWindowEnd(Instant.ofEpochMilli(m + MINUTE_MILLIS))
                            .setFacesSeen(entry.getValue().size())
                            .setTracksStarted(startedIn.getOrDefault(m, 0))
                            .setTrackMillis(durations)
                            .setDominantExpression(dominant)
                            .setEmittedTime(Instant.EPOCH)
                            .build());
        }
        return out;
    }

    private static long time(ExpressionEvent e) {
        return e.getEventTime().toEpochMilli();
    }

    private void apply(CameraMinutes state, ExpressionEvent event) {
        assertEquals(Applied.COUNTED, summarizer.apply(state, event), event.getEventId());
    }

    private static CameraMinutes newState() {
        CameraMinutes state = new CameraMinutes();
        state.cameraId = TestEvents.CAMERA;
        return state;
    }

    private static void assertSummary(
            ExpressionSummary summary,
            long start,
            int faces,
            int started,
            Map<String, Long> millis,
            String dominant) {
        assertEquals(Instant.ofEpochMilli(start), summary.getWindowStart(), "window start");
        assertEquals(Instant.ofEpochMilli(start + MINUTE_MILLIS), summary.getWindowEnd());
        assertEquals(faces, summary.getFacesSeen(), "faces seen");
        assertEquals(started, summary.getTracksStarted(), "tracks started");
        Map<String, Long> actual = new TreeMap<>();
        summary.getTrackMillis().forEach(d -> actual.put(d.getLabel(), d.getMillis()));
        assertEquals(new TreeMap<>(millis), actual, "track millis");
        assertEquals(dominant, summary.getDominantExpression(), "dominant");
        assertEquals(TestEvents.CAMERA + "/" + Instant.ofEpochMilli(start), summary.getSummaryId());
    }
}
