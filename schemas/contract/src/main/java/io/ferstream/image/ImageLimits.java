package io.ferstream.image;

import io.ferstream.schema.RejectReason;
import io.ferstream.topics.Topics;
import java.io.Serializable;

/**
 * The one set of image limits: what the gate lets through and what the processor will decode.
 * Checked from the header, before a pixel is decoded: a decoded frame takes width x height x 3
 * bytes, so these bound the memory of every frame in flight.
 *
 * @param maxBytes largest encoded image
 * @param maxWidth widest image, in pixels
 * @param maxHeight tallest image, in pixels
 */
public record ImageLimits(long maxBytes, int maxWidth, int maxHeight) implements Serializable {

    /**
     * 8 MiB (a 4K JPEG at high quality fits; the frame topics are sized for it) and 3840x2160 (4K
     * UHD).
     */
    public static final ImageLimits DEFAULT = new ImageLimits(Topics.MAX_FRAME_BYTES, 3840, 2160);

    public ImageLimits {
        if (maxBytes < 1) {
            throw new IllegalArgumentException(
                    "the image byte limit must be positive, got " + maxBytes);
        }
        if (maxWidth < 1 || maxHeight < 1) {
            throw new IllegalArgumentException(
                    "the image size limit must be positive, got " + maxWidth + "x" + maxHeight);
        }
    }

    public ImageLimits withMaxBytes(long bytes) {
        return new ImageLimits(bytes, maxWidth, maxHeight);
    }

    public ImageLimits withMaxSize(int width, int height) {
        return new ImageLimits(maxBytes, width, height);
    }

    /** Refuses an encoded image of {@code bytes} bytes over the byte limit. */
    public void checkBytes(long bytes) throws ImageRejectedException {
        if (bytes > maxBytes) {
            throw new ImageRejectedException(
                    RejectReason.IMAGE_TOO_LARGE,
                    "image is " + bytes + " bytes, more than the limit of " + maxBytes);
        }
    }

    /** Refuses an image whose header declares more than the size limit. */
    public void checkSize(ImageHeader header) throws ImageRejectedException {
        if (header.width() > maxWidth || header.height() > maxHeight) {
            throw new ImageRejectedException(
                    RejectReason.IMAGE_TOO_LARGE,
                    "image is "
                            + header.width()
                            + "x"
                            + header.height()
                            + ", over the limit of "
                            + maxWidth
                            + "x"
                            + maxHeight);
        }
    }
}
