package io.ferstream.scenes;

import java.util.List;

/**
 * A cutout rendered at its final size, ready to paste: pixels, how opaque each one is (1 inside, 0
 * at a faded edge), its faces and its unlabelled faces (see {@link Scene}) in its own pixel
 * coordinates.
 */
record Sprite(Pixels pixels, float[] alpha, List<FaceBox> faces, List<FaceBox> unlabelled) {

    Sprite {
        if (alpha.length != pixels.width * pixels.height) {
            throw new IllegalArgumentException("one alpha value per pixel");
        }
        faces = List.copyOf(faces);
        unlabelled = List.copyOf(unlabelled);
    }

    int width() {
        return pixels.width;
    }

    int height() {
        return pixels.height;
    }
}
