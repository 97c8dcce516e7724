package io.ferstream.analyze;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC1;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_RGB2BGR;
import static org.bytedeco.opencv.global.opencv_imgproc.FONT_HERSHEY_SIMPLEX;
import static org.bytedeco.opencv.global.opencv_imgproc.LINE_AA;
import static org.bytedeco.opencv.global.opencv_imgproc.cvtColor;
import static org.bytedeco.opencv.global.opencv_imgproc.getTextSize;
import static org.bytedeco.opencv.global.opencv_imgproc.putText;
import static org.bytedeco.opencv.global.opencv_imgproc.rectangle;

import io.ferstream.inference.Detection;
import io.ferstream.inference.detection.RegionsOfInterest;
import io.ferstream.inference.image.RgbImage;
import java.util.Locale;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Point;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * Draws what a frame's analysis found onto its pixels: a box per face, green when its expression
 * was judged and orange when it is unknown, labelled with its track, expression and probability; a
 * line saying whether the detector ran; and, when regions of interest are set, the rest of the
 * frame dimmed, so the regions can be checked by eye. Not thread-safe (it caches the dimming mask
 * of the last frame size).
 */
final class Annotator implements AutoCloseable {

    private static final Scalar JUDGED = new Scalar(80, 200, 60, 0); // BGR
    private static final Scalar UNKNOWN = new Scalar(0, 150, 255, 0);
    private static final Scalar INK = new Scalar(0, 0, 0, 0);
    private static final Scalar PAPER = new Scalar(255, 255, 255, 0);

    private final RegionsOfInterest regions;
    private Mat outside; // 255 where faces do not count, for the last frame size
    private final Mat dimmed = new Mat();

    Annotator(RegionsOfInterest regions) {
        this.regions = regions;
    }

    /** A BGR picture of the frame with its faces drawn; the caller closes it. */
    Mat draw(RgbImage image, FrameResult frame) {
        Mat bgr = bgr(image);
        if (!regions.everywhere()) {
            dimOutsideRegions(bgr);
        }
        double scale = Math.max(1, Math.min(image.width(), image.height()) / 540.0);
        for (FaceResult face : frame.faces()) {
            drawFace(bgr, face, scale);
        }
        String status =
                String.format(
                        Locale.ROOT,
                        "frame %d  %.2f s  %s",
                        frame.index(),
                        frame.positionMillis() / 1000.0,
                        frame.detected() ? "detected" : "predicted");
        caption(bgr, status, 2, 2, scale, PAPER);
        return bgr;
    }

    /** The frame as an OpenCV BGR picture; the caller closes it. */
    static Mat bgr(RgbImage image) {
        Mat bgr = new Mat();
        try (Mat rgb = new Mat(image.height(), image.width(), CV_8UC3)) {
            rgb.data().put(image.rgb());
            cvtColor(rgb, bgr, COLOR_RGB2BGR);
        }
        return bgr;
    }

    private void drawFace(Mat bgr, FaceResult face, double scale) {
        Detection d = face.detection();
        Scalar colour = face.judged() ? JUDGED : UNKNOWN;
        int thickness = (int) Math.round(2 * scale);
        try (Point a = new Point((int) Math.round(d.x()), (int) Math.round(d.y()));
                Point b = new Point((int) Math.round(d.right()), (int) Math.round(d.bottom()))) {
            rectangle(bgr, a, b, colour, thickness, LINE_AA, 0);
        }
        StringBuilder text = new StringBuilder();
        if (face.track() != null) {
            text.append('#').append(face.track()).append(' ');
        }
        text.append(face.label());
        if (face.probability() != null) {
            text.append(String.format(Locale.ROOT, " %.2f", face.probability()));
        }
        int top = (int) Math.round(d.y());
        caption(bgr, text.toString(), (int) Math.round(d.x()), top, scale, colour);
    }

    /** Text on a filled box whose top left is (x, y), or just above the point when it fits. */
    private static void caption(Mat bgr, String text, int x, int y, double scale, Scalar colour) {
        double fontScale = 0.5 * scale;
        int thickness = Math.max(1, (int) Math.round(scale));
        try (IntPointer baseline = new IntPointer(1);
                Size size =
                        getTextSize(text, FONT_HERSHEY_SIMPLEX, fontScale, thickness, baseline)) {
            int height = size.height() + baseline.get() + 4;
            int top = y - height >= 0 ? y - height : y;
            try (Point a = new Point(x, top);
                    Point b = new Point(x + size.width() + 4, top + height);
                    Point origin = new Point(x + 2, top + size.height() + 2)) {
                rectangle(bgr, a, b, colour, -1, LINE_AA, 0);
                putText(
                        bgr,
                        text,
                        origin,
                        FONT_HERSHEY_SIMPLEX,
                        fontScale,
                        INK,
                        thickness,
                        LINE_AA,
                        false);
            }
        }
    }

    private void dimOutsideRegions(Mat bgr) {
        if (outside == null || outside.cols() != bgr.cols() || outside.rows() != bgr.rows()) {
            if (outside != null) {
                outside.close();
            }
            outside = mask(bgr.cols(), bgr.rows());
        }
        bgr.convertTo(dimmed, -1, 0.4, 0);
        dimmed.copyTo(bgr, outside);
    }

    // A face counts where its centre lies in a region; pixel centres are tested the same way.
    private Mat mask(int width, int height) {
        byte[] pixels = new byte[width * height];
        for (int y = 0; y < height; y++) {
            double ny = (y + 0.5) / height;
            for (int x = 0; x < width; x++) {
                if (!regions.contains((x + 0.5) / width, ny)) {
                    pixels[y * width + x] = (byte) 255;
                }
            }
        }
        Mat mask = new Mat(height, width, CV_8UC1);
        mask.data().put(pixels);
        return mask;
    }

    @Override
    public void close() {
        if (outside != null) {
            outside.close();
        }
        dimmed.close();
    }
}
