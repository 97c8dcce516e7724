package io.ferstream.analyze;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ferstream.inference.Detection;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class SummaryTest {

    private static FaceResult face(double width, boolean judged) {
        return new FaceResult(
                new Detection(0, 0, width, width, 0.9),
                null,
                judged ? "happy" : "unknown",
                judged ? 0.8f : null,
                judged ? new float[] {0.2f, 0.8f} : null);
    }

    private static FrameResult frame(boolean detected, int looks, FaceResult... faces) {
        return new FrameResult(
                0, 0, null, 1280, 720, detected, looks, null, List.of(faces), List.of());
    }

    @Test
    void shouldBinFacesByWidthInFramePixels() {
        assertEquals(0, Summary.bin(15.9));
        assertEquals(1, Summary.bin(16));
        assertEquals(2, Summary.bin(24));
        assertEquals(Summary.WIDTH_EDGES.length, Summary.bin(300));
        assertEquals("<16 px", Summary.binName(0));
        assertEquals("16-23 px", Summary.binName(1));
        assertEquals(">=256 px", Summary.binName(Summary.WIDTH_EDGES.length));
    }

    @Test
    void shouldCountDetectorLooksPerAnalysedFrame() {
        Summary summary = new Summary();
        summary.add(frame(true, 5, face(20, false), face(100, true)));
        summary.add(frame(false, 0, face(21, false), face(101, true)));
        summary.add(frame(false, 0));
        summary.add(
                new FrameResult(
                        3,
                        300,
                        null,
                        9000,
                        9000,
                        false,
                        0,
                        new FrameResult.Rejection("IMAGE_TOO_LARGE", "too large"),
                        List.of(),
                        List.of()));

        assertEquals(4, summary.frames());
        assertEquals(3, summary.analysed());
        assertEquals(4, summary.faces());
        assertEquals(5 / 3.0, summary.looksPerFrame(), 1e-9);
        assertEquals(2, summary.facesInBin(1));
        assertEquals(2, summary.facesInBin(6));
    }

    @Test
    void shouldReportFramesFacesSizesAndTracks() {
        Summary summary = new Summary();
        summary.add(frame(true, 3, face(20, false), face(100, true)));
        summary.add(frame(false, 0, face(100, true)));

        String report = summary.report(Duration.ofSeconds(4), new Summary.TrackCount(2, 1));

        assertTrue(report.contains("frames    2 (0 refused) in 4.0 s: 0.5 frames/s"), report);
        assertTrue(
                report.contains(
                        "detector  ran on 1 of 2 frames, 1.50 looks per frame (3.00 per detected"
                                + " frame)"),
                report);
        assertTrue(report.contains("faces     3, 1.50 per frame; 1 unknown"), report);
        assertTrue(report.contains("16-23 px: 1 |"), report);
        assertTrue(report.contains("96-127 px: 2 |"), report);
        assertTrue(report.contains("tracks    2 begun, 1 confirmed"), report);
        assertTrue(
                !summary.report(Duration.ofSeconds(4), null).contains("tracks"),
                "no tracks line without tracking");
    }
}
