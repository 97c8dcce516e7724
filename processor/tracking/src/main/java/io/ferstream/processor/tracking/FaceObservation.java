package io.ferstream.processor.tracking;

import java.util.Arrays;

/**
 * One detected face in one frame, with the expression model's output for it.
 *
 * @param x left edge of the face box, in frame pixels
 * @param y top edge of the face box, in frame pixels
 * @param width box width in pixels, &gt; 0
 * @param height box height in pixels, &gt; 0
 * @param detectionScore detector confidence, 0..1
 * @param probabilities expression probabilities in the order of {@link FrameFaces#labels()}
 */
public record FaceObservation(
        float x, float y, float width, float height, float detectionScore, float[] probabilities) {

    public FaceObservation {
        if (!Float.isFinite(x)
                || !Float.isFinite(y)
                || !(width > 0f)
                || !(height > 0f)
                || !Float.isFinite(width)
                || !Float.isFinite(height)) {
            throw new IllegalArgumentException(
                    "Face box must have finite coordinates and a positive size, was x="
                            + x
                            + " y="
                            + y
                            + " width="
                            + width
                            + " height="
                            + height);
        }
        if (probabilities == null || probabilities.length == 0) {
            throw new IllegalArgumentException(
                    "Face observation needs the expression probabilities");
        }
        for (float p : probabilities) {
            if (!Float.isFinite(p)) {
                throw new IllegalArgumentException(
                        "Expression probabilities must be finite, were "
                                + Arrays.toString(probabilities));
            }
        }
    }

    // Records compare arrays by reference; compare them by content so equal inputs are equal.
    @Override
    public boolean equals(Object o) {
        return o instanceof FaceObservation f
                && Float.compare(x, f.x) == 0
                && Float.compare(y, f.y) == 0
                && Float.compare(width, f.width) == 0
                && Float.compare(height, f.height) == 0
                && Float.compare(detectionScore, f.detectionScore) == 0
                && Arrays.equals(probabilities, f.probabilities);
    }

    @Override
    public int hashCode() {
        int h = Float.hashCode(x);
        h = 31 * h + Float.hashCode(y);
        h = 31 * h + Float.hashCode(width);
        h = 31 * h + Float.hashCode(height);
        h = 31 * h + Float.hashCode(detectionScore);
        return 31 * h + Arrays.hashCode(probabilities);
    }

    @Override
    public String toString() {
        return "FaceObservation[x="
                + x
                + ", y="
                + y
                + ", width="
                + width
                + ", height="
                + height
                + ", detectionScore="
                + detectionScore
                + ", probabilities="
                + Arrays.toString(probabilities)
                + "]";
    }
}
