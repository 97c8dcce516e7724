package io.ferstream.scenes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class CutoutTest {

    private static final Pixels PHOTO = new Pixels(400, 300, new float[400 * 300 * 3]);

    @Test
    void shouldKeepContextAroundTheFace() {
        FaceBox face = new FaceBox(150, 100, 100, 80);

        Cutout cutout = Cutout.aroundFace("one", PHOTO, face, List.of(face));

        // 40 % of the width at the sides, 50 % of the height above, 40 % below
        assertEquals(100 + 2 * 40, cutout.width());
        assertEquals(80 + 40 + 32, cutout.height());
        assertEquals(new FaceBox(40, 40, 100, 80), cutout.faces().get(0));
        assertEquals(1, cutout.contextKept(), 1e-9);
    }

    @Test
    void shouldStopShortOfANeighbouringFace() {
        FaceBox face = new FaceBox(150, 100, 100, 80);
        FaceBox neighbour = new FaceBox(270, 90, 100, 80); // 20 px to the right

        Cutout cutout = Cutout.aroundFace("one", PHOTO, face, List.of(face, neighbour));

        assertEquals(40 + 100 + 20, cutout.width());
        assertEquals(0.5, cutout.contextKept(), 1e-9);
    }

    @Test
    void shouldFadeTheEdgesButNotTheFace() {
        FaceBox face = new FaceBox(150, 100, 100, 80);
        Cutout cutout = Cutout.aroundFace("one", PHOTO, face, List.of(face));

        Sprite sprite = cutout.render(0.5, false);

        FaceBox box = sprite.faces().get(0);
        assertEquals(50, box.width(), 1e-9);
        int w = sprite.width();
        assertTrue(sprite.alpha()[0] < 0.05f, "a corner fades out");
        for (int y = (int) box.y(); y < (int) box.bottom(); y++) {
            for (int x = (int) box.x(); x < (int) box.right(); x++) {
                assertEquals(1f, sprite.alpha()[y * w + x], "face pixel " + x + "," + y);
            }
        }
    }
}
