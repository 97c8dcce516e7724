package io.ferstream.analyze;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class ProgressTest {

    @Test
    void shouldShowTheShareOfTheSourceDoneWhenItsLengthIsKnown() {
        assertEquals(
                "[###############...............]  50%, 60 frames at 6.0 s of the source, 9.5"
                        + " frames/s, 12 faces   ",
                Progress.bar(60, 6000, 12000, 9.5, 12));
        assertEquals(
                "60 frames at 6.0 s of the source, 9.5 frames/s, 12 faces",
                Progress.line(60, 6000, 0, 9.5, 12),
                "no percentage when the source does not say how long it is");
    }

    @Test
    void shouldPrintNothingWhenOff() {
        StringWriter err = new StringWriter();
        Progress progress = new Progress(new PrintWriter(err), Progress.Mode.OFF, 1000);

        progress.update(1, 100, 0);
        progress.finish();

        assertTrue(err.toString().isEmpty());
    }
}
