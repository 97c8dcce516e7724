package io.ferstream.ingest.gate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

class CameraStatusTest {

    private static final long WINDOW = 10_000;

    @Test
    void shouldCountAcceptedAndRejectedByReason() {
        CameraStatus status =
                CameraStatus.first("cam", 0)
                        .observe(null, 100L, 1L, 0, WINDOW)
                        .observe("STALE", 50L, 2L, 10, WINDOW)
                        .observe("STALE", null, null, 20, WINDOW)
                        .observe("RATE_LIMITED", 200L, 3L, 30, WINDOW);

        assertEquals(1, status.accepted());
        assertEquals(Map.of("STALE", 2L, "RATE_LIMITED", 1L), status.rejected());
        assertEquals(3, status.rejectedTotal());
        assertEquals(100L, status.lastAcceptedCaptureTimeMs());
        assertEquals(1L, status.lastAcceptedSequence());
        assertEquals(30, status.lastSeenMs());
    }

    @Test
    void shouldReportTheRatesOfTheLastCompleteWindow() {
        CameraStatus status = CameraStatus.first("cam", 0);
        for (int i = 0; i < 50; i++) { // 5 fps received, every other one accepted, for 10 s
            status =
                    status.observe(
                            i % 2 == 0 ? null : "RATE_LIMITED",
                            (long) i * 200,
                            (long) i,
                            i * 200L,
                            WINDOW);
        }

        status = status.observe(null, 10_000L, 50L, 10_000, WINDOW);

        assertEquals(5.0, status.receivedFps(), 1e-9);
        assertEquals(2.5, status.acceptedFps(), 1e-9);
    }

    @Test
    void shouldReportZeroAfterASilenceLongerThanAWindow() {
        CameraStatus status = CameraStatus.first("cam", 0).observe(null, 0L, 0L, 0, WINDOW);

        status = status.observe(null, 25_000L, 1L, 25_000, WINDOW);

        assertEquals(0.0, status.receivedFps());
        assertEquals(20_000, status.windowStartMs());
    }
}
