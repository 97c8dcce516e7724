package io.ferstream.inference.image;

/**
 * Which JPEG DCT scale (1, 2, 4 or 8: the decoder's output is 1/scale of the frame on each side) a
 * use of the frame can take without losing pixels it would use. The detector resizes the whole
 * frame to its input, so it loses nothing while the decoded frame's longer side is still at least
 * that input's side; the classifier resizes a face's square to its input, so it loses nothing while
 * the face's longer side is still at least that. Decoding fewer pixels costs less: libjpeg-turbo
 * skips most of the inverse DCT's work, and every pass over the pixels after it is smaller.
 */
public final class DecodeScales {

    /** The scales libjpeg decodes to, largest first. */
    private static final int[] SCALES = {8, 4, 2, 1};

    private DecodeScales() {}

    /** True for a scale the decoder offers. */
    public static boolean valid(int scale) {
        return scale == 1 || scale == 2 || scale == 4 || scale == 8;
    }

    /** A side of {@code side} pixels decoded at {@code scale}: libjpeg rounds up. */
    public static int reduced(int side, int scale) {
        return (side + scale - 1) / scale;
    }

    /**
     * The largest scale up to {@code max} at which a frame keeps at least {@code inputSide} pixels
     * on its longer side.
     */
    public static int forWholeFrame(int width, int height, int inputSide, int max) {
        return largest(Math.max(width, height), inputSide, max);
    }

    /**
     * The largest scale up to {@code max} at which a face box of the frame keeps at least {@code
     * inputSide} pixels on its longer side.
     */
    public static int forFace(double boxWidth, double boxHeight, int inputSide, int max) {
        return largest((int) Math.floor(Math.max(boxWidth, boxHeight)), inputSide, max);
    }

    private static int largest(int side, int needed, int max) {
        for (int scale : SCALES) {
            if (scale <= max && side / scale >= needed) {
                return scale;
            }
        }
        return 1;
    }
}
