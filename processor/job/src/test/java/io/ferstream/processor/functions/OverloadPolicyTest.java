package io.ferstream.processor.functions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class OverloadPolicyTest {

    private static final OverloadPolicy POLICY = new OverloadPolicy(Duration.ofSeconds(2), 8);
    private static final long STARTED = 1_000_000;

    @Test
    void shouldKeepEveryFrameReadWithinTheBound() {
        assertEquals(1, POLICY.keepOneIn(STARTED + 10_000, STARTED + 12_000, STARTED));
    }

    @Test
    void shouldShedMoreTheFurtherBehindTheJobIs() {
        long entered = STARTED + 10_000;

        assertEquals(2, POLICY.keepOneIn(entered, entered + 2_001, STARTED));
        assertEquals(3, POLICY.keepOneIn(entered, entered + 5_000, STARTED));
        assertEquals(8, POLICY.keepOneIn(entered, entered + 60_000, STARTED), "at most maxShed");
    }

    @Test
    void shouldNeverShedTheCatchUpOfARestart() {
        long enteredBeforeTheRestart = STARTED - 30_000;

        assertEquals(1, POLICY.keepOneIn(enteredBeforeTheRestart, STARTED + 5_000, STARTED));
    }

    @Test
    void shouldKeepOneFrameInKSpreadByCameraSequence() {
        assertEquals(4, LongStream.range(0, 12).filter(s -> OverloadPolicy.keeps(s, 3)).count());
        assertTrue(OverloadPolicy.keeps(6, 3));
        assertFalse(OverloadPolicy.keeps(7, 3));
        assertTrue(OverloadPolicy.keeps(7, 1));
    }

    @Test
    void shouldDoNothingWhenOff() {
        assertFalse(OverloadPolicy.off().enabled());
        assertEquals(1, OverloadPolicy.off().keepOneIn(STARTED + 1, STARTED + 3_600_000, STARTED));
    }
}
