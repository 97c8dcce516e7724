package io.ferstream.processor.tracking.internal;

/** An axis-aligned box in frame pixels: left, top, width, height. */
public record Box(float x, float y, float width, float height) {

    /** Intersection over union with {@code other}: 0 when disjoint, 1 when identical. */
    public double iou(Box other) {
        double left = Math.max(x, other.x);
        double top = Math.max(y, other.y);
        double right = Math.min((double) x + width, (double) other.x + other.width);
        double bottom = Math.min((double) y + height, (double) other.y + other.height);
        if (right <= left || bottom <= top) {
            return 0.0;
        }
        double intersection = (right - left) * (bottom - top);
        double union = (double) width * height + (double) other.width * other.height - intersection;
        return union <= 0.0 ? 0.0 : intersection / union;
    }

    /** This box moved by (dx, dy). */
    public Box shifted(double dx, double dy) {
        return new Box((float) (x + dx), (float) (y + dy), width, height);
    }

    public double centreX() {
        return x + width / 2.0;
    }

    public double centreY() {
        return y + height / 2.0;
    }
}
