package io.ferstream.inference;

/**
 * A classifier's output for one face.
 *
 * @param probabilities one per label, in the descriptor's label order
 * @param regionWeights the model's attention over face regions when it has that output, else null
 */
public record Classification(float[] probabilities, float[] regionWeights) {

    /** Index of the most probable label. */
    public int top() {
        int best = 0;
        for (int i = 1; i < probabilities.length; i++) {
            if (probabilities[i] > probabilities[best]) {
                best = i;
            }
        }
        return best;
    }
}
