package io.ferstream.scenes;

import io.ferstream.inference.image.RgbImage;

/** A frame being composed: a background, then sprites blended over it by their alpha. */
final class Canvas {

    private final Pixels frame;

    /** Starts from a copy of {@code background}, which stays untouched. */
    Canvas(Pixels background) {
        this.frame = new Pixels(background.width, background.height, background.rgb.clone());
    }

    int width() {
        return frame.width;
    }

    int height() {
        return frame.height;
    }

    /** Blends {@code sprite} with its top-left corner at (x, y); it must lie inside the frame. */
    void paste(Sprite sprite, int x, int y) {
        if (x < 0
                || y < 0
                || x + sprite.width() > frame.width
                || y + sprite.height() > frame.height) {
            throw new IllegalArgumentException(
                    "a "
                            + sprite.width()
                            + "x"
                            + sprite.height()
                            + " sprite at "
                            + x
                            + ","
                            + y
                            + " leaves the "
                            + frame.width
                            + "x"
                            + frame.height
                            + " frame");
        }
        float[] from = sprite.pixels().rgb;
        float[] alpha = sprite.alpha();
        for (int row = 0; row < sprite.height(); row++) {
            for (int col = 0; col < sprite.width(); col++) {
                int s = row * sprite.width() + col;
                int t = ((y + row) * frame.width + x + col) * 3;
                float a = alpha[s];
                for (int c = 0; c < 3; c++) {
                    frame.rgb[t + c] = a * from[s * 3 + c] + (1 - a) * frame.rgb[t + c];
                }
            }
        }
    }

    RgbImage image() {
        return frame.toRgbImage();
    }
}
