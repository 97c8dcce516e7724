package io.ferstream.inference.image;

import io.ferstream.inference.model.ModelDescriptor;
import java.util.Objects;

/**
 * Turns a region of an image into one model input tensor exactly as the descriptor says, in plain
 * Java float arithmetic that mirrors TensorFlow's {@code resize_bilinear}, so tensors match
 * face-api's to float rounding:
 *
 * <ol>
 *   <li>pad the region with zeros to a square of side max(w, h): at the bottom/right, or centred
 *       (the extra pixel of an odd difference at the bottom/right);
 *   <li>bilinear resize to the input size with the descriptor's alignCorners / halfPixelCenters
 *       (face-api: both false, i.e. TF1's legacy {@code src = dst * in / out});
 *   <li>map 0..255 into the value range, then {@code (v - mean[c]) / std[c]}, in the descriptor's
 *       channel order and layout.
 * </ol>
 *
 * Padding is virtual (no padded copy is made). Thread-safe and stateless after construction.
 */
public final class Preprocessor {

    private final int outWidth;
    private final int outHeight;
    private final ModelDescriptor.Layout layout;
    private final boolean bgr;
    private final boolean centered;
    private final boolean alignCorners;
    private final boolean halfPixelCenters;
    private final float[] mean;
    private final float[] std;
    private final boolean identityRange;
    private final float rangeLow;
    private final float rangeScale;

    public Preprocessor(ModelDescriptor.Input input) {
        Objects.requireNonNull(input, "input");
        this.outWidth = input.width();
        this.outHeight = input.height();
        this.layout = input.layout();
        this.bgr = input.channelOrder() == ModelDescriptor.ChannelOrder.BGR;
        this.centered = input.resize().pad() == ModelDescriptor.Padding.CENTER;
        this.alignCorners = input.resize().alignCorners();
        this.halfPixelCenters = input.resize().halfPixelCenters();
        this.mean = input.mean();
        this.std = input.std();
        float[] range = input.valueRange();
        this.identityRange = range[0] == 0f && range[1] == 255f;
        this.rangeLow = range[0];
        this.rangeScale = (range[1] - range[0]) / 255f;
    }

    /** Floats per item: width x height x 3. */
    public int tensorSize() {
        return outWidth * outHeight * 3;
    }

    /** The shape of one item, without the batch dimension. */
    public long[] itemShape() {
        return layout == ModelDescriptor.Layout.NHWC
                ? new long[] {outHeight, outWidth, 3}
                : new long[] {3, outHeight, outWidth};
    }

    public int outWidth() {
        return outWidth;
    }

    public int outHeight() {
        return outHeight;
    }

    /** The model input for a region of the image. */
    public float[] tensor(RgbImage image, PixelBox region) {
        float[] tensor = new float[tensorSize()];
        tensorInto(image, region, tensor, 0);
        return tensor;
    }

    /**
     * Writes the model input for a region into {@code out} at {@code offset} (for batch buffers).
     */
    public void tensorInto(RgbImage image, PixelBox region, float[] out, int offset) {
        resize(image, region, out, offset, true);
    }

    /**
     * Steps 1 and 2 only: the padded and resized region as RGB floats 0..255, interleaved HWC. This
     * is the stage face-api's reference tensors record, so tests compare it directly.
     */
    public float[] resized(RgbImage image, PixelBox region) {
        float[] out = new float[outWidth * outHeight * 3];
        resize(image, region, out, 0, false);
        return out;
    }

    /**
     * Pads and resizes the region and writes each pixel either as it is ({@link #resized}) or
     * normalised in the model's layout ({@link #tensorInto}), in one pass: no intermediate image,
     * which for the detector was 2 MB per look.
     */
    private void resize(
            RgbImage image, PixelBox region, float[] out, int offset, boolean normalise) {
        Objects.requireNonNull(image, "image");
        if (!region.fitsIn(image)) {
            throw new IllegalArgumentException(region + " lies outside the " + image);
        }
        int side = Math.max(region.width(), region.height());
        int padLeft = 0;
        int padTop = 0;
        if (centered) {
            // face-api padToSquare: round(diff / 2) zeros appended (bottom/right), the rest
            // prepended
            int diff = Math.abs(region.width() - region.height());
            int prepend = diff - Math.round(diff * 0.5f);
            if (region.width() < region.height()) {
                padLeft = prepend;
            } else {
                padTop = prepend;
            }
        }
        Axis xs = Axis.of(side, outWidth, alignCorners, halfPixelCenters, padLeft, region.width());
        Axis ys = Axis.of(side, outHeight, alignCorners, halfPixelCenters, padTop, region.height());
        byte[] rgb = image.rgb();
        int stride = image.width() * 3;
        int base = region.y() * stride + region.x() * 3;
        int plane = outWidth * outHeight;
        boolean nhwc = layout == ModelDescriptor.Layout.NHWC;
        int p = 0;
        for (int y = 0; y < outHeight; y++) {
            int topRow = ys.lower[y];
            int bottomRow = ys.upper[y];
            float yLerp = ys.lerp[y];
            for (int x = 0; x < outWidth; x++, p++) {
                int left = xs.lower[x];
                int right = xs.upper[x];
                float xLerp = xs.lerp[x];
                for (int c = 0; c < 3; c++) {
                    float topLeft = sample(rgb, base, stride, topRow, left, c);
                    float topRight = sample(rgb, base, stride, topRow, right, c);
                    float bottomLeft = sample(rgb, base, stride, bottomRow, left, c);
                    float bottomRight = sample(rgb, base, stride, bottomRow, right, c);
                    // the same operations in the same order as TensorFlow's kernel, in float
                    float top = topLeft + (topRight - topLeft) * xLerp;
                    float bottom = bottomLeft + (bottomRight - bottomLeft) * xLerp;
                    float v = top + (bottom - top) * yLerp;
                    if (!normalise) {
                        out[offset + p * 3 + c] = v;
                        continue;
                    }
                    int channel = bgr ? 2 - c : c; // source channels are RGB
                    if (!identityRange) {
                        v = rangeLow + v * rangeScale;
                    }
                    v = (v - mean[channel]) / std[channel];
                    out[offset + (nhwc ? p * 3 + channel : channel * plane + p)] = v;
                }
            }
        }
    }

    // row/column -1 marks padding (zeros)
    private static float sample(
            byte[] rgb, int base, int stride, int row, int column, int channel) {
        if (row < 0 || column < 0) {
            return 0f;
        }
        return rgb[base + row * stride + column * 3 + channel] & 0xFF;
    }

    /**
     * Per output coordinate: the two source coordinates in the region (-1 where they fall in the
     * padding) and the interpolation weight, as TensorFlow's {@code compute_interpolation_weights}
     * computes them.
     */
    private static final class Axis {
        final int[] lower;
        final int[] upper;
        final float[] lerp;

        private Axis(int n) {
            lower = new int[n];
            upper = new int[n];
            lerp = new float[n];
        }

        static Axis of(
                int in,
                int out,
                boolean alignCorners,
                boolean halfPixelCenters,
                int pad,
                int extent) {
            float scale = alignCorners && out > 1 ? (in - 1) / (float) (out - 1) : in / (float) out;
            Axis axis = new Axis(out);
            for (int i = 0; i < out; i++) {
                float source = halfPixelCenters ? (i + 0.5f) * scale - 0.5f : i * scale;
                float floor = (float) Math.floor(source);
                int lo = Math.max((int) floor, 0);
                int hi = Math.min((int) Math.ceil(source), in - 1);
                axis.lower[i] = inRegion(lo - pad, extent);
                axis.upper[i] = inRegion(hi - pad, extent);
                axis.lerp[i] = source - floor;
            }
            return axis;
        }

        private static int inRegion(int coordinate, int extent) {
            return coordinate >= 0 && coordinate < extent ? coordinate : -1;
        }
    }
}
