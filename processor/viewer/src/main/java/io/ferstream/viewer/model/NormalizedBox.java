package io.ferstream.viewer.model;

/**
 * A face box as the events carry it: fractions of the frame's width and height, origin top left.
 * Kept normalised so that one box fits any rendering of the frame, downscaled or not.
 */
public record NormalizedBox(double x, double y, double width, double height) {

    public NormalizedBox {
        if (!Double.isFinite(x)
                || !Double.isFinite(y)
                || !Double.isFinite(width)
                || !Double.isFinite(height)
                || width < 0
                || height < 0) {
            throw new IllegalArgumentException(
                    "a box needs finite coordinates and a size >= 0, was "
                            + x
                            + ","
                            + y
                            + " "
                            + width
                            + "x"
                            + height);
        }
    }

    /**
     * This box grown by {@code fraction} of its size on every side and cut to the frame: a face
     * moves between the events that place it, so the privacy blur covers more than the last box.
     */
    public NormalizedBox grownBy(double fraction) {
        double nx = x - width * fraction;
        double ny = y - height * fraction;
        double nr = x + width * (1 + fraction);
        double nb = y + height * (1 + fraction);
        return clipped(nx, ny, nr, nb);
    }

    /** This box cut to the frame (0..1 on both axes). */
    public NormalizedBox clipped() {
        return clipped(x, y, x + width, y + height);
    }

    private static NormalizedBox clipped(double left, double top, double right, double bottom) {
        double l = clamp(left);
        double t = clamp(top);
        double r = clamp(right);
        double b = clamp(bottom);
        return new NormalizedBox(l, t, Math.max(0, r - l), Math.max(0, b - t));
    }

    private static double clamp(double v) {
        return Math.max(0, Math.min(1, v));
    }

    /** The pixels this box covers in a {@code w} x {@code h} image, rounded outwards. */
    public PixelRect toPixels(int w, int h) {
        NormalizedBox c = clipped();
        int left = (int) Math.floor(c.x * w);
        int top = (int) Math.floor(c.y * h);
        int right = (int) Math.ceil((c.x + c.width) * w);
        int bottom = (int) Math.ceil((c.y + c.height) * h);
        return new PixelRect(
                left,
                top,
                Math.max(0, Math.min(w, right) - left),
                Math.max(0, Math.min(h, bottom) - top));
    }

    /** A rectangle of pixels. */
    public record PixelRect(int x, int y, int width, int height) {
        public boolean isEmpty() {
            return width <= 0 || height <= 0;
        }
    }
}
