package io.ferstream.ingest;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC1;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMWRITE_JPEG_PROGRESSIVE;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMWRITE_JPEG_QUALITY;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imencode;
import static org.bytedeco.opencv.global.opencv_imgproc.putText;
import static org.bytedeco.opencv.global.opencv_imgproc.rectangle;

import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Point;
import org.bytedeco.opencv.opencv_core.Scalar;

/**
 * Real JPEGs made with OpenCV for tests: a gradient with a shape, so they are not trivially blank.
 */
public final class TestImages {

    private TestImages() {}

    /** A BGR picture; the caller closes it. */
    public static Mat picture(int width, int height, int seed) {
        Mat mat = new Mat(height, width, CV_8UC3, new Scalar(20 + seed % 200, 90, 160, 0));
        try (Point a = new Point(width / 4, height / 4);
                Point b = new Point(width * 3 / 4, height * 3 / 4);
                Scalar colour = new Scalar(255, 255 - seed % 255, 0, 0);
                Point text = new Point(5, Math.max(12, height / 2))) {
            rectangle(mat, a, b, colour, -1, 8, 0);
            putText(mat, Integer.toString(seed), text, 0, 0.5, colour);
        }
        return mat;
    }

    public static byte[] jpeg(int width, int height) {
        return jpeg(width, height, false, false);
    }

    public static byte[] jpeg(int width, int height, boolean progressive, boolean grey) {
        try (Mat colour = picture(width, height, 7);
                Mat image = grey ? new Mat(height, width, CV_8UC1, new Scalar(128)) : colour;
                BytePointer out = new BytePointer();
                IntPointer params =
                        new IntPointer(
                                IMWRITE_JPEG_QUALITY,
                                85,
                                IMWRITE_JPEG_PROGRESSIVE,
                                progressive ? 1 : 0)) {
            if (!imencode(".jpg", image, out, params)) {
                throw new IllegalStateException("imencode failed");
            }
            byte[] bytes = new byte[(int) out.limit()];
            out.get(bytes);
            return bytes;
        }
    }
}
