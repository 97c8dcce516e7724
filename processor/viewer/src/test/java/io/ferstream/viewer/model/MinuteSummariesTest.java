package io.ferstream.viewer.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ferstream.viewer.model.MinuteSummaries.Minute;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MinuteSummariesTest {

    private static Minute minute(long start, int faces) {
        return new Minute(start, faces, faces, Map.of("happy", 1_000L * faces), "happy");
    }

    @Test
    void shouldKeepTheNewestMinutesInOrder() {
        MinuteSummaries summaries = new MinuteSummaries(3);
        for (long m : List.of(120_000L, 0L, 60_000L, 240_000L, 180_000L)) {
            summaries.offer(minute(m, 1));
        }

        assertEquals(
                List.of(120_000L, 180_000L, 240_000L),
                summaries.snapshot().stream().map(Minute::windowStartMs).toList());
    }

    @Test
    void shouldReplaceAMinuteReadAgain() {
        MinuteSummaries summaries = new MinuteSummaries(2);
        summaries.offer(minute(0, 1));
        summaries.offer(minute(60_000, 1));

        assertTrue(summaries.offer(minute(0, 2)), "the oldest kept minute, repeated");
        assertFalse(summaries.offer(minute(-60_000, 1)), "older than all, and no room");

        assertEquals(List.of(2, 1), summaries.snapshot().stream().map(Minute::facesSeen).toList());
    }

    @Test
    void shouldRefuseNoCapacity() {
        assertThrows(IllegalArgumentException.class, () -> new MinuteSummaries(0));
    }
}
