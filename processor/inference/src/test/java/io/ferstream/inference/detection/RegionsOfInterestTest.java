package io.ferstream.inference.detection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ferstream.inference.image.PixelBox;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RegionsOfInterestTest {

    @Test
    void blankIsTheWholeFrame() {
        assertSame(RegionsOfInterest.EVERYWHERE, RegionsOfInterest.parse(" "));
        assertTrue(RegionsOfInterest.EVERYWHERE.contains(0.99, 0.01));
        assertEquals(
                List.of(new PixelBox(0, 0, 640, 480)),
                RegionsOfInterest.EVERYWHERE.bounds(640, 480));
    }

    @Test
    void rectanglesAndPolygonsContainTheirInsideOnly() {
        // an L-shaped (concave) polygon and a rectangle
        RegionsOfInterest r =
                RegionsOfInterest.parse(
                        "poly:0 0,0.5 0,0.5 0.2,0.2 0.2,0.2 0.5,0 0.5; 0.6,0.6,0.4,0.4");
        assertTrue(r.contains(0.1, 0.4));
        assertTrue(r.contains(0.4, 0.1));
        assertFalse(r.contains(0.4, 0.4), "the notch of the L");
        assertTrue(r.contains(0.8, 0.8));
        assertFalse(r.contains(0.55, 0.8));
        assertEquals(
                List.of(new PixelBox(0, 0, 500, 250), new PixelBox(600, 300, 400, 200)),
                r.bounds(1000, 500));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "0,0,0.5",
                "0,0,1.5,1",
                "0.5,0.5,0.6,0.2",
                "a,b,c,d",
                "poly:0 0,1 1",
                "poly:0 0,1,1 1",
                "0,0,0,1",
                "-0.1,0,0.5,0.5"
            })
    void aBadRegionSaysWhatIsWrongAndHowToWriteIt(String text) {
        var e = assertThrows(IllegalArgumentException.class, () -> RegionsOfInterest.parse(text));
        assertTrue(e.getMessage().contains("is not a region"), e.getMessage());
        assertTrue(e.getMessage().contains("separated by ';'"), e.getMessage());
    }

    @Test
    void equalTextIsAnEqualValue() {
        assertEquals(RegionsOfInterest.parse("0,0,0.5,1"), RegionsOfInterest.parse(" 0,0,0.5,1 "));
    }
}
