package io.ferstream.image;

import io.ferstream.schema.CameraFrame;
import io.ferstream.schema.ImageEncoding;
import io.ferstream.schema.RejectReason;
import java.nio.ByteBuffer;

/**
 * The checks a {@link CameraFrame}'s image must pass, the same at the gate and in the processor, in
 * this order (cheapest first): the encoding is JPEG, the bytes are within the limit, the header
 * reads as a complete JPEG, it declares the dimensions the record does, and they are within the
 * limits. Pure logic: no copy of the image is made.
 */
public final class FrameImages {

    private FrameImages() {}

    /** The image's header, once every check passed; otherwise the reason it failed. */
    public static ImageHeader check(CameraFrame frame, ImageLimits limits)
            throws ImageRejectedException {
        if (frame.getEncoding() != ImageEncoding.JPEG) {
            throw new ImageRejectedException(
                    RejectReason.UNSUPPORTED_ENCODING,
                    "encoding " + frame.getEncoding() + " is not supported; only JPEG is");
        }
        ByteBuffer image = frame.getImage() == null ? ByteBuffer.allocate(0) : frame.getImage();
        limits.checkBytes(image.remaining());
        ImageHeader header = ImageHeader.read(image);
        if (header.format() != ImageHeader.Format.JPEG) {
            throw new ImageRejectedException(
                    RejectReason.BAD_IMAGE,
                    "the record says JPEG but the image is a " + header.format());
        }
        if (header.width() != frame.getWidth() || header.height() != frame.getHeight()) {
            throw new ImageRejectedException(
                    RejectReason.DIMENSIONS_MISMATCH,
                    "record says "
                            + frame.getWidth()
                            + "x"
                            + frame.getHeight()
                            + " but the JPEG is "
                            + header.width()
                            + "x"
                            + header.height());
        }
        limits.checkSize(header);
        return header;
    }
}
