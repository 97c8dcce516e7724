package io.ferstream.ingest.camera;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FpsSamplerTest {

    private static List<Long> keptOf(FpsSampler sampler, double sourceFps, int frames) {
        List<Long> kept = new ArrayList<>();
        for (int i = 0; i < frames; i++) {
            long micros = Math.round(i * 1_000_000.0 / sourceFps);
            if (sampler.keep(micros)) {
                kept.add(micros);
            }
        }
        return kept;
    }

    @Test
    void shouldKeepEveryThirdFrameWhenSampling30FpsTo10() {
        List<Long> kept = keptOf(new FpsSampler(10), 30, 90);

        assertEquals(30, kept.size());
        assertEquals(List.of(0L, 100_000L, 200_000L), kept.subList(0, 3));
    }

    @Test
    void shouldKeepEveryFrameOfASourceSlowerThanTheTarget() {
        assertEquals(20, keptOf(new FpsSampler(30), 10, 20).size());
    }

    @Test
    void shouldKeepEveryFrameAtTheSourceRateDespiteRoundedTimestamps() {
        // 30 fps timestamps rounded to whole micros are 33333 or 33334 apart: none may be lost.
        assertEquals(300, keptOf(new FpsSampler(30), 30, 300).size());
    }

    @Test
    void shouldKeepEverythingWhenNoTargetIsSet() {
        FpsSampler all = new FpsSampler(0);

        assertTrue(all.keep(0));
        assertTrue(all.keep(1));
    }

    @Test
    void shouldSampleByTimestampsNotByArrival() {
        FpsSampler twoFps = new FpsSampler(2);

        assertTrue(twoFps.keep(0));
        assertFalse(twoFps.keep(499_999));
        assertTrue(twoFps.keep(500_000));
    }

    @Test
    void shouldStartAfreshAfterReset() {
        FpsSampler oneFps = new FpsSampler(1);
        oneFps.keep(10_000_000);

        oneFps.reset();

        assertTrue(oneFps.keep(0));
    }
}
