package io.ferstream.ingest.camera;

import static org.bytedeco.opencv.global.opencv_imgcodecs.IMWRITE_JPEG_QUALITY;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imencode;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_AREA;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * Shrinks a frame so its longer side is at most {@code maxDimension} (keeping the aspect ratio,
 * never enlarging) and encodes it as JPEG with OpenCV. Not thread-safe; one per producer.
 */
public final class FrameEncoder {

    private final int maxDimension;
    private final int jpegQuality;

    /**
     * @param maxDimension longest side in pixels after resizing; 0 keeps the source size
     * @param jpegQuality 1..100
     */
    public FrameEncoder(int maxDimension, int jpegQuality) {
        if (maxDimension < 0) {
            throw new IllegalArgumentException(
                    "max dimension must be 0 (keep) or positive, got " + maxDimension);
        }
        if (jpegQuality < 1 || jpegQuality > 100) {
            throw new IllegalArgumentException(
                    "JPEG quality must be within 1..100, got " + jpegQuality);
        }
        this.maxDimension = maxDimension;
        this.jpegQuality = jpegQuality;
    }

    /**
     * The size an image of {@code width}x{@code height} gets: longer side = maxDimension, rounded.
     */
    public static int[] targetSize(int width, int height, int maxDimension) {
        int longer = Math.max(width, height);
        if (maxDimension == 0 || longer <= maxDimension) {
            return new int[] {width, height};
        }
        double scale = (double) maxDimension / longer;
        return new int[] {
            Math.max(1, (int) Math.round(width * scale)),
            Math.max(1, (int) Math.round(height * scale))
        };
    }

    public EncodedImage encode(Mat image) {
        if (image == null || image.empty()) {
            throw new IllegalArgumentException("cannot encode an empty image");
        }
        int[] size = targetSize(image.cols(), image.rows(), maxDimension);
        if (size[0] == image.cols() && size[1] == image.rows()) {
            return new EncodedImage(jpeg(image), size[0], size[1]);
        }
        try (Mat resized = new Mat();
                Size target = new Size(size[0], size[1])) {
            resize(
                    image,
                    resized,
                    target,
                    0,
                    0,
                    INTER_AREA); // INTER_AREA: no aliasing when shrinking
            return new EncodedImage(jpeg(resized), size[0], size[1]);
        }
    }

    private byte[] jpeg(Mat image) {
        try (BytePointer buffer = new BytePointer();
                IntPointer params = new IntPointer(IMWRITE_JPEG_QUALITY, jpegQuality)) {
            if (!imencode(".jpg", image, buffer, params)) {
                throw new IllegalStateException(
                        "OpenCV could not encode a "
                                + image.cols()
                                + "x"
                                + image.rows()
                                + " frame as JPEG");
            }
            byte[] bytes = new byte[(int) buffer.limit()];
            buffer.get(bytes);
            return bytes;
        }
    }
}
