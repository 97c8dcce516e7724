package io.ferstream.viewer.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

class FrameDelayLineTest {

    private static final Predicate<FrameDelayLine.BufferedFrame> NOTHING_PROCESSED = f -> false;

    private static FrameDelayLine.BufferedFrame frame(long seq, long arrivedAt, int bytes) {
        return new FrameDelayLine.BufferedFrame(
                seq, arrivedAt, arrivedAt, 8, 8, 0, seq, new byte[bytes]);
    }

    private static Predicate<FrameDelayLine.BufferedFrame> processedBelow(long offset) {
        return f -> f.offset() < offset;
    }

    @Test
    void shouldHoldFramesUntilTheJobHasProcessedThem() {
        FrameDelayLine line =
                new FrameDelayLine(new FrameDelayLine.Limits(10_000, 0, 100, 1 << 20));
        for (int i = 0; i < 5; i++) {
            line.offer(frame(i, i * 100, 10));
        }

        assertNull(line.takeDue(1000, processedBelow(0)));
        FrameDelayLine.Due due = line.takeDue(1000, processedBelow(3));
        assertEquals(2, due.frame().sequence(), "the newest processed frame; older ones dropped");
        assertTrue(due.covered());
        assertEquals(2, line.size());
    }

    @Test
    void shouldHandOutAFrameUncoveredOnlyAfterTheLongestWait() {
        FrameDelayLine line = new FrameDelayLine(new FrameDelayLine.Limits(1000, 0, 100, 1 << 20));
        line.offer(frame(1, 0, 10));
        line.offer(frame(2, 500, 10));

        assertNull(line.takeDue(999, NOTHING_PROCESSED));
        FrameDelayLine.Due due = line.takeDue(1000, NOTHING_PROCESSED);
        assertEquals(1, due.frame().sequence());
        assertFalse(due.covered(), "the job never processed it: shown blurred all over");
        assertEquals(2, line.takeDue(1500, NOTHING_PROCESSED).frame().sequence());
        assertEquals(0, line.bytes());
    }

    @Test
    void shouldSkipFramesFasterThanTheDisplayRate() {
        FrameDelayLine line = new FrameDelayLine(new FrameDelayLine.Limits(0, 200, 100, 1 << 20));
        assertTrue(line.offer(frame(1, 0, 10)));
        assertFalse(line.offer(frame(2, 100, 10)));
        assertTrue(line.offer(frame(3, 200, 10)));
        assertEquals(2, line.size());
    }

    @Test
    void shouldDropTheOldestWhenFull() {
        FrameDelayLine line = new FrameDelayLine(new FrameDelayLine.Limits(1000, 0, 100, 25));
        line.offer(frame(1, 0, 10));
        line.offer(frame(2, 100, 10));
        line.offer(frame(3, 200, 10)); // 30 bytes: frame 1 goes

        assertEquals(1, line.dropped());
        assertNull(line.takeDue(1099, NOTHING_PROCESSED));
        assertEquals(2, line.takeDue(1100, NOTHING_PROCESSED).frame().sequence());
    }
}
