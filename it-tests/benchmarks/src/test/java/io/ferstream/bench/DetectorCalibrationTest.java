package io.ferstream.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class DetectorCalibrationTest {

    @Test
    void shouldReadTheSmallestReliableWidthFromWhereRecallStaysHigh() {
        int[] widths = {16, 24, 32, 48, 64};

        // a dip at 48 keeps 32 out even though 32 itself passes
        assertEquals(
                "64",
                DetectorCalibration.smallestReliable(widths, List.of(0.1, 0.5, 0.95, 0.85, 0.97)));
        assertEquals(
                "32",
                DetectorCalibration.smallestReliable(widths, List.of(0.1, 0.5, 0.9, 0.92, 1.0)));
        assertEquals(
                "none",
                DetectorCalibration.smallestReliable(widths, List.of(0.1, 0.5, 0.9, 0.92, 0.8)));
    }
}
