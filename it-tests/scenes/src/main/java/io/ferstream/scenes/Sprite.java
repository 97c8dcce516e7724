package io.ferstream.scenes;

import java.util.List;

/**
 * A cutout rendered at its final size, ready to paste: pixels, how opaque each one is (1 inside, 0
 * at a faded edge) and its faces in its own pixel coordinates.
 */
record Sprite(Pixels pixels, float[] alpha, List<FaceBox> faces) {

    Sprite {
        if (alpha.length != pixels.width * pixels.height) {
            throw new IllegalArgumentException("one alpha value per pixel");
        }
        faces = List.copyOf(faces);
    }

    int width() {
        return pixels.width;
    }

    int height() {
        return pixels.height;
    }
}
