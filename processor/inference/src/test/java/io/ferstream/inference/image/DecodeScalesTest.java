package io.ferstream.inference.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class DecodeScalesTest {

    @Test
    void shouldKeepTheDetectorsInputSideOnTheLongerSide() {
        // 1920 wide: 480 at a quarter still fills the detector's 416, 240 at an eighth does not
        assertEquals(4, DecodeScales.forWholeFrame(1920, 1080, 416, 8));
        assertEquals(2, DecodeScales.forWholeFrame(1920, 1080, 416, 2));
        // portrait frames count their height
        assertEquals(4, DecodeScales.forWholeFrame(1080, 1920, 416, 8));
        // 512 is under twice 416: nothing to save
        assertEquals(1, DecodeScales.forWholeFrame(512, 512, 416, 8));
        assertEquals(1, DecodeScales.forWholeFrame(3840, 2160, 416, 1));
    }

    @Test
    void shouldKeepTheClassifiersInputSideOnAFace() {
        // a 300 px face keeps 150 px at a half (>= 112) but only 75 at a quarter
        assertEquals(2, DecodeScales.forFace(300, 260, 112, 8));
        assertEquals(4, DecodeScales.forFace(240, 460, 112, 8));
        // a small face is cropped from the full frame
        assertEquals(1, DecodeScales.forFace(100, 100, 112, 8));
        assertEquals(1, DecodeScales.forFace(223.9, 200, 112, 8));
        assertEquals(2, DecodeScales.forFace(224, 200, 112, 8));
    }

    @Test
    void shouldRoundReducedSidesUpAsLibjpegDoes() {
        assertEquals(960, DecodeScales.reduced(1920, 2));
        assertEquals(684, DecodeScales.reduced(1367, 2));
        assertEquals(193, DecodeScales.reduced(1537, 8));
        assertTrue(DecodeScales.valid(8));
        assertFalse(DecodeScales.valid(3));
    }
}
