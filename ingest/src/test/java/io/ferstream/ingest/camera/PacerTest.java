package io.ferstream.ingest.camera;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PacerTest {

    @Test
    void shouldWaitOnlyUntilEachFrameIsDue() throws Exception {
        long[] now = {1_000_000_000L};
        List<Duration> sleeps = new ArrayList<>();
        Pacer pacer =
                new Pacer(
                        d -> {
                            sleeps.add(d);
                            now[0] += d.toNanos();
                        },
                        () -> now[0]);

        pacer.awaitDue(5_000_000); // first frame: goes at once
        now[0] += 10_000_000; // 10 ms of work
        pacer.awaitDue(5_040_000); // due 40 ms after the first: waits 30 ms
        now[0] += 50_000_000; // slow: 50 ms of work
        pacer.awaitDue(5_080_000); // already late: no wait

        assertEquals(List.of(Duration.ofMillis(30)), sleeps);
    }
}
