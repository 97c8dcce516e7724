package io.ferstream.inference;

/**
 * One detected face in frame pixels (floats, not clipped to the frame: a face at the border may
 * reach past it), with the detector's score.
 */
public record Detection(double x, double y, double width, double height, double score) {

    public double right() {
        return x + width;
    }

    public double bottom() {
        return y + height;
    }

    public double area() {
        return width * height;
    }

    /** Intersection over union; 0 when either box is empty. */
    public double iou(Detection other) {
        double w = Math.max(0, Math.min(right(), other.right()) - Math.max(x, other.x));
        double h = Math.max(0, Math.min(bottom(), other.bottom()) - Math.max(y, other.y));
        double intersection = w * h;
        double union = area() + other.area() - intersection;
        return union <= 0 ? 0 : intersection / union;
    }
}
