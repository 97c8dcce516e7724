package io.ferstream.viewer.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class FrameDelayLineTest {

    private static FrameDelayLine.BufferedFrame frame(long seq, long arrivedAt, int bytes) {
        return new FrameDelayLine.BufferedFrame(seq, arrivedAt, arrivedAt, 8, 8, new byte[bytes]);
    }

    @Test
    void shouldHoldFramesBackByTheDelay() {
        FrameDelayLine line = new FrameDelayLine(new FrameDelayLine.Limits(1000, 0, 100, 1 << 20));
        line.offer(frame(1, 0, 10));
        line.offer(frame(2, 500, 10));

        assertNull(line.takeDue(999));
        assertEquals(1, line.takeDue(1000).sequence());
        assertNull(line.takeDue(1499));
        assertEquals(2, line.takeDue(1500).sequence());
        assertEquals(0, line.bytes());
    }

    @Test
    void shouldHandOutTheNewestDueFrameAndDropOlderOnes() {
        FrameDelayLine line = new FrameDelayLine(new FrameDelayLine.Limits(1000, 0, 100, 1 << 20));
        for (int i = 0; i < 5; i++) {
            line.offer(frame(i, i * 100, 10));
        }
        assertEquals(3, line.takeDue(1300).sequence());
        assertEquals(1, line.size());
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
    void shouldDropTheOldestWhenFullAndNeverShortenTheDelay() {
        FrameDelayLine line = new FrameDelayLine(new FrameDelayLine.Limits(1000, 0, 100, 25));
        line.offer(frame(1, 0, 10));
        line.offer(frame(2, 100, 10));
        line.offer(frame(3, 200, 10)); // 30 bytes: frame 1 goes

        assertEquals(1, line.dropped());
        assertNull(line.takeDue(1099), "frame 2 has not waited its delay, though it is the oldest");
        assertEquals(2, line.takeDue(1100).sequence());
    }
}
