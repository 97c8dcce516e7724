package io.ferstream.inference.image;

import io.ferstream.image.ImageHeader;
import io.ferstream.image.ImageRejectedException;
import java.util.Objects;

/**
 * One frame's pixels at the scales its analysis asks for: the encoded image decoded once per scale,
 * on demand, and kept for the frame's life. The detector may look at a quarter of a 1080p frame
 * while the faces are cropped from a half, or from every pixel where a face is small ({@link
 * DecodeScales}). Thread-safe: the detection and the crops of one frame run on different threads.
 */
public final class FramePixels {

    private final byte[] encoded;
    private final ImageHeader header;
    private final ImageDecoder decoder;
    private final int maxScale;

    /** Decoded images by the scale's power of two: 1, 2, 4, 8. */
    private final RgbImage[] decoded = new RgbImage[4];

    private FramePixels(byte[] encoded, ImageHeader header, ImageDecoder decoder, int maxScale) {
        this.encoded = encoded;
        this.header = header;
        this.decoder = decoder;
        this.maxScale = maxScale;
    }

    /**
     * An encoded frame whose header was checked already; nothing is decoded until {@link #at} asks.
     */
    public static FramePixels of(byte[] encoded, ImageHeader header, ImageDecoder decoder) {
        return new FramePixels(
                Objects.requireNonNull(encoded, "encoded"),
                Objects.requireNonNull(header, "header"),
                Objects.requireNonNull(decoder, "decoder"),
                decoder.maxDownscale(header));
    }

    /** A frame decoded already, at full size: every use takes all its pixels. */
    public static FramePixels decoded(RgbImage image) {
        // only the size of the header is read; the format is moot, as nothing is decoded
        FramePixels pixels =
                new FramePixels(
                        null,
                        new ImageHeader(image.width(), image.height(), ImageHeader.Format.PNG),
                        null,
                        1);
        pixels.decoded[0] = image;
        return pixels;
    }

    /** The frame's full width. */
    public int width() {
        return header.width();
    }

    /** The frame's full height. */
    public int height() {
        return header.height();
    }

    /** The largest scale {@link #at} takes for this frame (1 for PNG and decoded frames). */
    public int maxScale() {
        return maxScale;
    }

    /**
     * The frame at 1/{@code scale} of its size on each side, decoding it the first time.
     *
     * @throws IllegalArgumentException if {@code scale} is over {@link #maxScale}
     */
    public RgbImage at(int scale) throws ImageRejectedException {
        if (!DecodeScales.valid(scale) || scale > maxScale) {
            throw new IllegalArgumentException(
                    "scale " + scale + " is not one of this frame's (1 to " + maxScale + ")");
        }
        int slot = Integer.numberOfTrailingZeros(scale);
        synchronized (decoded) {
            if (decoded[slot] == null) {
                decoded[slot] = decoder.decode(encoded, header, scale);
            }
            return decoded[slot];
        }
    }

    /**
     * The frame at {@code scale}; should that decode fail where an earlier one of the same bytes
     * succeeded, the finest scale decoded so far. The frame was accepted when it was first decoded,
     * so its analysis goes on rather than failing the job on a frame it cannot reject any more.
     */
    public RgbImage atOrDecoded(int scale) throws ImageRejectedException {
        try {
            return at(scale);
        } catch (ImageRejectedException e) {
            synchronized (decoded) {
                for (RgbImage image : decoded) {
                    if (image != null) {
                        return image;
                    }
                }
            }
            throw e;
        }
    }
}
