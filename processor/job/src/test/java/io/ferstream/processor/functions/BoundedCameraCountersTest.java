package io.ferstream.processor.functions;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.junit.jupiter.api.Test;

class BoundedCameraCountersTest {

    @Test
    void camerasBeyondTheBoundShareOneCounter() {
        BoundedCameraCounters counters =
                new BoundedCameraCounters(new UnregisteredMetricsGroup(), "framesStale");

        for (int i = 0; i < 100_000; i++) {
            counters.inc("cam-" + i);
        }
        counters.inc("cam-0"); // a camera with its own counter keeps it

        assertEquals(BoundedCameraCounters.MAX_CAMERAS, counters.cameras());
        assertEquals(100_000 - BoundedCameraCounters.MAX_CAMERAS, counters.other());
    }
}
