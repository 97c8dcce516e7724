package io.ferstream.scenes;

/**
 * A face's box in pixels (floats: scaled reference boxes fall between pixels), as face-api reports
 * it: roughly brows to chin, ear to ear.
 */
public record FaceBox(double x, double y, double width, double height) {

    public FaceBox {
        if (!(width > 0) || !(height > 0)) {
            throw new IllegalArgumentException(
                    "a face box needs a positive size, got " + width + "x" + height);
        }
    }

    public double right() {
        return x + width;
    }

    public double bottom() {
        return y + height;
    }

    public double area() {
        return width * height;
    }

    /** The same box in an image scaled by {@code scale} about its origin. */
    public FaceBox scaled(double scale) {
        return new FaceBox(x * scale, y * scale, width * scale, height * scale);
    }

    public FaceBox translated(double dx, double dy) {
        return new FaceBox(x + dx, y + dy, width, height);
    }

    /** The same box in the image mirrored left to right, the image being this wide. */
    public FaceBox mirrored(double imageWidth) {
        return new FaceBox(imageWidth - right(), y, width, height);
    }

    /** Intersection over union with a box given by its corner and size; 0 when they miss. */
    public double iou(double ox, double oy, double ow, double oh) {
        double w = Math.max(0, Math.min(right(), ox + ow) - Math.max(x, ox));
        double h = Math.max(0, Math.min(bottom(), oy + oh) - Math.max(y, oy));
        double intersection = w * h;
        double union = area() + ow * oh - intersection;
        return union <= 0 ? 0 : intersection / union;
    }

    public boolean overlaps(FaceBox other) {
        return x < other.right() && other.x < right() && y < other.bottom() && other.y < bottom();
    }
}
