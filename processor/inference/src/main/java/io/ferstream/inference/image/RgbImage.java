package io.ferstream.inference.image;

/**
 * Decoded pixels: 8-bit RGB, interleaved, rows top to bottom, no padding between rows. The array is
 * shared, not copied (images are large and travel through the pipeline once): do not modify it.
 *
 * @param width pixels per row
 * @param height rows
 * @param rgb {@code width * height * 3} bytes, R G B per pixel
 */
public record RgbImage(int width, int height, byte[] rgb) {

    public RgbImage {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException(
                    "image dimensions must be positive, got " + width + "x" + height);
        }
        if (rgb == null || rgb.length != (long) width * height * 3) {
            throw new IllegalArgumentException(
                    "an RGB image of "
                            + width
                            + "x"
                            + height
                            + " needs "
                            + (long) width * height * 3
                            + " bytes, got "
                            + (rgb == null ? "null" : rgb.length));
        }
    }

    /** Channel {@code c} (0 = R) of pixel (x, y), 0..255. */
    public int get(int x, int y, int c) {
        return rgb[(y * width + x) * 3 + c] & 0xFF;
    }

    // no pixels in logs
    @Override
    public String toString() {
        return "RgbImage[" + width + "x" + height + "]";
    }
}
