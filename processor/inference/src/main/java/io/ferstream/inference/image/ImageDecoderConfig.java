package io.ferstream.inference.image;

import io.ferstream.image.ImageLimits;
import java.io.Serializable;
import java.util.Objects;

/**
 * Settings of {@link ImageDecoder}. Immutable.
 *
 * @param limits the image limits, checked from the header before decoding
 * @param useOpenCv decode with OpenCV when its natives load (about 8x faster than ImageIO here)
 * @param maxDownscale the largest JPEG DCT scale (1, 2, 4 or 8) a frame may be decoded at where the
 *     models lose no pixels by it ({@link DecodeScales}); 1 always decodes every pixel
 */
public record ImageDecoderConfig(ImageLimits limits, boolean useOpenCv, int maxDownscale)
        implements Serializable {

    /** The default largest DCT scale. */
    public static final int DEFAULT_MAX_DOWNSCALE = 1;

    public ImageDecoderConfig {
        Objects.requireNonNull(limits, "limits");
        if (!DecodeScales.valid(maxDownscale)) {
            throw new IllegalArgumentException(
                    "maxDownscale must be 1, 2, 4 or 8, not " + maxDownscale);
        }
    }

    /** The default limits ({@link ImageLimits#DEFAULT}), OpenCV on, the default largest scale. */
    public static ImageDecoderConfig defaults() {
        return new ImageDecoderConfig(ImageLimits.DEFAULT, true, DEFAULT_MAX_DOWNSCALE);
    }

    public ImageDecoderConfig withLimits(ImageLimits imageLimits) {
        return new ImageDecoderConfig(imageLimits, useOpenCv, maxDownscale);
    }

    public ImageDecoderConfig withOpenCv(boolean openCv) {
        return new ImageDecoderConfig(limits, openCv, maxDownscale);
    }

    public ImageDecoderConfig withMaxDownscale(int scale) {
        return new ImageDecoderConfig(limits, useOpenCv, scale);
    }
}
