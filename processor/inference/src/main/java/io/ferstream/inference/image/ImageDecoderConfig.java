package io.ferstream.inference.image;

import java.io.Serializable;

/**
 * Limits of {@link ImageDecoder}, checked before decoding. Immutable and validated.
 *
 * @param maxBytes largest encoded image accepted
 * @param maxPixels largest width x height accepted (the decoded RGB image takes 3 bytes per pixel)
 * @param useOpenCv decode with OpenCV when its natives load (about 8x faster than ImageIO here)
 */
public record ImageDecoderConfig(long maxBytes, long maxPixels, boolean useOpenCv) implements Serializable {

    public ImageDecoderConfig {
        if (maxBytes < 1) {
            throw new IllegalArgumentException("maxBytes must be positive, got " + maxBytes);
        }
        if (maxPixels < 1) {
            throw new IllegalArgumentException("maxPixels must be positive, got " + maxPixels);
        }
    }

    /** 16 MiB and 40 megapixels (a 8K frame is 33 MP), OpenCV on. */
    public static ImageDecoderConfig defaults() {
        return new ImageDecoderConfig(16L << 20, 40_000_000L, true);
    }

    public ImageDecoderConfig withMaxBytes(long bytes) {
        return new ImageDecoderConfig(bytes, maxPixels, useOpenCv);
    }

    public ImageDecoderConfig withMaxPixels(long pixels) {
        return new ImageDecoderConfig(maxBytes, pixels, useOpenCv);
    }

    public ImageDecoderConfig withOpenCv(boolean openCv) {
        return new ImageDecoderConfig(maxBytes, maxPixels, openCv);
    }
}
