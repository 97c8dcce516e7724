package io.ferstream.scenes;

import io.ferstream.inference.image.RgbImage;
import java.awt.image.BufferedImage;

/**
 * RGB pixels as floats (0..255, interleaved, rows top to bottom) while a scene is being built:
 * resampling and blending stay exact until the frame is rounded to bytes once, at the end. Mutable
 * only by the class that made it.
 */
final class Pixels {

    final int width;
    final int height;
    final float[] rgb;

    Pixels(int width, int height, float[] rgb) {
        if (width <= 0 || height <= 0 || rgb.length != width * height * 3) {
            throw new IllegalArgumentException(
                    "pixels of "
                            + width
                            + "x"
                            + height
                            + " need "
                            + width * height * 3
                            + " values");
        }
        this.width = width;
        this.height = height;
        this.rgb = rgb;
    }

    static Pixels of(BufferedImage image) {
        return of(BufferedImages.toRgbImage(image));
    }

    static Pixels of(RgbImage image) {
        byte[] bytes = image.rgb();
        float[] rgb = new float[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            rgb[i] = bytes[i] & 0xFF;
        }
        return new Pixels(image.width(), image.height(), rgb);
    }

    /** The rectangle {@code (x, y, w, h)}, which must lie inside. */
    Pixels crop(int x, int y, int w, int h) {
        if (x < 0 || y < 0 || w <= 0 || h <= 0 || x + w > width || y + h > height) {
            throw new IllegalArgumentException(
                    "crop " + w + "x" + h + "+" + x + "+" + y + " outside " + width + "x" + height);
        }
        float[] out = new float[w * h * 3];
        for (int row = 0; row < h; row++) {
            System.arraycopy(rgb, ((y + row) * width + x) * 3, out, row * w * 3, w * 3);
        }
        return new Pixels(w, h, out);
    }

    /** Left and right swapped. */
    Pixels mirrored() {
        float[] out = new float[rgb.length];
        for (int row = 0; row < height; row++) {
            for (int col = 0; col < width; col++) {
                int from = (row * width + col) * 3;
                int to = (row * width + width - 1 - col) * 3;
                out[to] = rgb[from];
                out[to + 1] = rgb[from + 1];
                out[to + 2] = rgb[from + 2];
            }
        }
        return new Pixels(width, height, out);
    }

    /** Rounded to the nearest level, clamped to 0..255. */
    RgbImage toRgbImage() {
        byte[] bytes = new byte[rgb.length];
        for (int i = 0; i < rgb.length; i++) {
            bytes[i] = toByte(rgb[i]);
        }
        return new RgbImage(width, height, bytes);
    }

    static byte toByte(float level) {
        return (byte) Math.max(0, Math.min(255, Math.round(level)));
    }
}
