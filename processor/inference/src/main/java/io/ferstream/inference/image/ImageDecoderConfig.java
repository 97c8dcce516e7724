package io.ferstream.inference.image;

import io.ferstream.image.ImageLimits;
import java.io.Serializable;
import java.util.Objects;

/**
 * Settings of {@link ImageDecoder}. Immutable.
 *
 * @param limits the image limits, checked from the header before decoding
 * @param useOpenCv decode with OpenCV when its natives load (about 8x faster than ImageIO here)
 */
public record ImageDecoderConfig(ImageLimits limits, boolean useOpenCv) implements Serializable {

    public ImageDecoderConfig {
        Objects.requireNonNull(limits, "limits");
    }

    /** The default limits ({@link ImageLimits#DEFAULT}), OpenCV on. */
    public static ImageDecoderConfig defaults() {
        return new ImageDecoderConfig(ImageLimits.DEFAULT, true);
    }

    public ImageDecoderConfig withLimits(ImageLimits imageLimits) {
        return new ImageDecoderConfig(imageLimits, useOpenCv);
    }

    public ImageDecoderConfig withOpenCv(boolean openCv) {
        return new ImageDecoderConfig(limits, openCv);
    }
}
