package io.ferstream.scenes;

import io.ferstream.inference.Detection;

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

    /** Intersection over union with a detected box; 0 when they miss. */
    public double iou(Detection detection) {
        return new Detection(x, y, width, height, 1).iou(detection);
    }

    /** Intersection over union with a box given by its corner and size; 0 when they miss. */
    public double iou(double ox, double oy, double ow, double oh) {
        return iou(new Detection(ox, oy, ow, oh, 1));
    }

    public boolean overlaps(FaceBox other) {
        return x < other.right() && other.x < right() && y < other.bottom() && other.y < bottom();
    }
}
