package io.ferstream.inference;

import io.ferstream.inference.image.PixelBox;

/**
 * A face found in a frame and its expression.
 *
 * @param detection the detector's box (frame pixels) and score
 * @param crop the integer region the classifier saw
 * @param classification probabilities in the classifier's label order (and region weights if any)
 */
public record Face(Detection detection, PixelBox crop, Classification classification) {

    public float[] probabilities() {
        return classification.probabilities();
    }
}
