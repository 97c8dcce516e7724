package io.ferstream.scenes;

/**
 * Resizes {@link Pixels} by one factor on both axes, separably. Shrinking averages areas: each
 * output pixel is the exact mean of the source area it covers (fractional pixels weighted by their
 * covered part), so a face scaled from 300 to 24 px looks like a camera's 24 px face, without the
 * aliasing of nearest-neighbour or plain bilinear sampling. Enlarging (only the background needs
 * it) interpolates bilinearly between pixel centres.
 *
 * <p>Output pixel {@code i} covers source {@code [i / scale, (i + 1) / scale)}, so a point {@code
 * p} of the source lands at {@code p * scale}: boxes scale exactly with the pixels.
 */
final class Resampler {

    private Resampler() {}

    /** {@code floor(size * scale)} pixels per axis (at least one). */
    static Pixels resize(Pixels source, double scale) {
        if (!(scale > 0)) {
            throw new IllegalArgumentException("scale must be positive, got " + scale);
        }
        int outWidth = scaledLength(source.width, scale);
        int outHeight = scaledLength(source.height, scale);
        Taps columns = taps(source.width, outWidth, scale);
        Taps rows = taps(source.height, outHeight, scale);

        float[] across = new float[source.height * outWidth * 3];
        for (int y = 0; y < source.height; y++) {
            for (int x = 0; x < outWidth; x++) {
                accumulate(
                        source.rgb,
                        (y * source.width + columns.first[x]) * 3,
                        3,
                        columns.weights[x],
                        across,
                        (y * outWidth + x) * 3);
            }
        }
        float[] out = new float[outHeight * outWidth * 3];
        for (int y = 0; y < outHeight; y++) {
            for (int x = 0; x < outWidth; x++) {
                accumulate(
                        across,
                        (rows.first[y] * outWidth + x) * 3,
                        outWidth * 3,
                        rows.weights[y],
                        out,
                        (y * outWidth + x) * 3);
            }
        }
        return new Pixels(outWidth, outHeight, out);
    }

    static int scaledLength(int length, double scale) {
        // the epsilon keeps an exact product (e.g. 300 * 0.08) from flooring one pixel short
        return Math.max(1, (int) Math.floor(length * scale + 1e-9));
    }

    /** Adds {@code weights[k]} times the RGB at {@code from + k * step} into {@code to}. */
    private static void accumulate(
            float[] source, int from, int step, float[] weights, float[] target, int to) {
        float r = 0;
        float g = 0;
        float b = 0;
        for (int k = 0; k < weights.length; k++) {
            int at = from + k * step;
            r += weights[k] * source[at];
            g += weights[k] * source[at + 1];
            b += weights[k] * source[at + 2];
        }
        target[to] = r;
        target[to + 1] = g;
        target[to + 2] = b;
    }

    /** Per output index: the first source index it reads and the weights from there on. */
    private record Taps(int[] first, float[][] weights) {}

    private static Taps taps(int in, int out, double scale) {
        int[] first = new int[out];
        float[][] weights = new float[out][];
        for (int i = 0; i < out; i++) {
            if (scale <= 1) {
                double from = i / scale;
                double to = Math.min((i + 1) / scale, in);
                int j0 = (int) Math.floor(from);
                int j1 = Math.max(j0 + 1, (int) Math.ceil(to));
                first[i] = j0;
                weights[i] = new float[j1 - j0];
                for (int j = j0; j < j1; j++) {
                    weights[i][j - j0] =
                            (float) ((Math.min(to, j + 1) - Math.max(from, j)) / (to - from));
                }
            } else {
                double centre = Math.min(in - 1, Math.max(0, (i + 0.5) / scale - 0.5));
                int j0 = Math.min((int) Math.floor(centre), in - 1);
                float f = (float) (centre - j0);
                first[i] = j0;
                weights[i] = j0 + 1 < in ? new float[] {1 - f, f} : new float[] {1};
            }
        }
        return new Taps(first, weights);
    }
}
