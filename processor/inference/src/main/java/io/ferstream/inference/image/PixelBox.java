package io.ferstream.inference.image;

import java.util.Optional;

/**
 * An integer rectangle of image pixels: the region a model sees before padding and resizing.
 *
 * @param x left column
 * @param y top row
 * @param width columns
 * @param height rows
 */
public record PixelBox(int x, int y, int width, int height) {

    public PixelBox {
        if (width <= 0 || height <= 0 || x < 0 || y < 0) {
            throw new IllegalArgumentException(
                    "a pixel box needs x, y >= 0 and a positive size, got " + this);
        }
    }

    /** The whole image. */
    public static PixelBox of(RgbImage image) {
        return new PixelBox(0, 0, image.width(), image.height());
    }

    /**
     * The crop of a face box as face-api takes it ({@code Box.clipAtImageBorders}): clip the box to
     * the image, then floor x, y, width and height each. Empty when nothing of the box lies in the
     * image.
     */
    public static Optional<PixelBox> clipped(
            double x, double y, double width, double height, int imageWidth, int imageHeight) {
        double x0 = Math.max(x, 0);
        double y0 = Math.max(y, 0);
        double w = Math.min(x + width - x0, imageWidth - x0);
        double h = Math.min(y + height - y0, imageHeight - y0);
        int fx = (int) Math.floor(x0);
        int fy = (int) Math.floor(y0);
        int fw = (int) Math.floor(w);
        int fh = (int) Math.floor(h);
        if (!(fw > 0 && fh > 0) || fx >= imageWidth || fy >= imageHeight) {
            return Optional.empty();
        }
        return Optional.of(new PixelBox(fx, fy, fw, fh));
    }

    public boolean fitsIn(RgbImage image) {
        return x + width <= image.width() && y + height <= image.height();
    }
}
