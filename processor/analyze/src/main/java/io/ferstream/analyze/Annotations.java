package io.ferstream.analyze;

import static org.bytedeco.opencv.global.opencv_core.BORDER_CONSTANT;
import static org.bytedeco.opencv.global.opencv_core.copyMakeBorder;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imwrite;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_AREA;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

import io.ferstream.image.ImageRejectedException;
import io.ferstream.inference.detection.RegionsOfInterest;
import io.ferstream.inference.image.FramePixels;
import io.ferstream.inference.image.RgbImage;
import io.ferstream.ingest.camera.SourceException;
import io.ferstream.ingest.camera.VideoFileWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * The annotated outputs a run asked for: a JPEG per frame in a folder ({@code frame-000012.jpg})
 * and/or a video. The video takes the size of the first frame; a later frame of another size
 * (images of mixed sizes) is scaled to fit it, centred on black. Frames whose image was refused
 * have no pixels and are left out.
 */
final class Annotations implements AutoCloseable {

    private final Annotator annotator;
    private final Path folder;
    private final Path videoFile;
    private final double framesPerSecond;
    private VideoFileWriter video;

    /**
     * @param folder where the JPEGs go (created if missing), or null
     * @param videoFile the video to write, or null
     * @param framesPerSecond the video's rate: that of the frames analysed
     */
    Annotations(RegionsOfInterest regions, Path folder, Path videoFile, double framesPerSecond)
            throws IOException {
        if (folder != null) {
            Files.createDirectories(folder);
        }
        this.annotator = new Annotator(regions);
        this.folder = folder;
        this.videoFile = videoFile;
        this.framesPerSecond = framesPerSecond;
    }

    boolean any() {
        return folder != null || videoFile != null;
    }

    void add(FramePixels pixels, FrameResult frame) throws IOException, SourceException {
        if (pixels == null || !any()) {
            return;
        }
        RgbImage image;
        try {
            image = pixels.at(1); // the boxes are in full-frame pixels
        } catch (ImageRejectedException e) {
            throw new IOException(
                    "cannot decode frame " + frame.index() + " whole to annotate it", e);
        }
        try (Mat picture = annotator.draw(image, frame)) {
            if (folder != null) {
                Path file =
                        folder.resolve(String.format(Locale.ROOT, "frame-%06d.jpg", frame.index()));
                if (!imwrite(file.toString(), picture)) {
                    throw new IOException("OpenCV could not write " + file);
                }
            }
            if (videoFile != null) {
                if (video == null) {
                    video =
                            new VideoFileWriter(
                                    videoFile, picture.cols(), picture.rows(), framesPerSecond);
                }
                writeFitted(picture);
            }
        }
    }

    private void writeFitted(Mat picture) throws SourceException {
        int width = video.width();
        int height = video.height();
        if (picture.cols() == width && picture.rows() == height) {
            video.write(picture);
            return;
        }
        double scale = Math.min((double) width / picture.cols(), (double) height / picture.rows());
        int w = Math.max(1, Math.min(width, (int) Math.round(picture.cols() * scale)));
        int h = Math.max(1, Math.min(height, (int) Math.round(picture.rows() * scale)));
        try (Mat scaled = new Mat();
                Mat fitted = new Mat();
                Size size = new Size(w, h);
                Scalar black = new Scalar(0, 0, 0, 0)) {
            resize(picture, scaled, size, 0, 0, INTER_AREA);
            int left = (width - w) / 2;
            int top = (height - h) / 2;
            copyMakeBorder(
                    scaled,
                    fitted,
                    top,
                    height - h - top,
                    left,
                    width - w - left,
                    BORDER_CONSTANT,
                    black);
            video.write(fitted);
        }
    }

    /** Finishes the video. */
    @Override
    public void close() throws SourceException {
        annotator.close();
        if (video != null) {
            video.close();
        }
    }
}
