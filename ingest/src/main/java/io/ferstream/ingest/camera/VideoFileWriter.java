package io.ferstream.ingest.camera;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_MPEG4;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P;
import static org.bytedeco.ffmpeg.global.avutil.FF_QP2LAMBDA;
import static org.bytedeco.opencv.global.opencv_core.BORDER_CONSTANT;
import static org.bytedeco.opencv.global.opencv_core.copyMakeBorder;

import java.nio.file.Path;
import java.util.Objects;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.FrameRecorder;
import org.bytedeco.javacv.OpenCVFrameConverter;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Scalar;

/**
 * Writes BGR frames of one size into an MP4 file with FFmpeg, the reverse of {@link GrabberSource}
 * for files. The codec is MPEG-4 Part 2, built into every FFmpeg (H.264 would need an external
 * encoder that builds may lack), at a constant quality so that small faces stay recognisable
 * whatever the frame size. Its YUV 4:2:0 pixels come in 2x2 blocks, so a frame of an odd width or
 * height gets one black column or row at the right or bottom rather than being stretched. Not
 * thread-safe.
 */
public final class VideoFileWriter implements AutoCloseable {

    /** MPEG-4's quantiser scale, 1 (best) to 31: 3 keeps faces sharp at a moderate size. */
    private static final int QUALITY = 3;

    private final Path file;
    private final int width;
    private final int height;
    private final FFmpegFrameRecorder recorder;
    private final OpenCVFrameConverter.ToMat converter = new OpenCVFrameConverter.ToMat();
    private final Mat padded = new Mat();
    private long frames;

    /**
     * Creates (or replaces) {@code file}.
     *
     * @param width frame width in pixels; every frame must have it
     * @param height frame height in pixels; every frame must have it
     * @param framesPerSecond the rate the frames are played back at
     * @throws SourceException when FFmpeg cannot start writing the file
     */
    public VideoFileWriter(Path file, int width, int height, double framesPerSecond)
            throws SourceException {
        this.file = Objects.requireNonNull(file, "file");
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException(
                    "a video needs a positive size, got " + width + "x" + height);
        }
        if (!(framesPerSecond > 0) || Double.isInfinite(framesPerSecond)) {
            throw new IllegalArgumentException(
                    "a video needs a positive frame rate, got " + framesPerSecond);
        }
        this.width = width;
        this.height = height;
        FFmpegFrameRecorder r =
                new FFmpegFrameRecorder(file.toFile(), even(width), even(height), 0);
        r.setFormat("mp4");
        r.setVideoCodec(AV_CODEC_ID_MPEG4);
        r.setPixelFormat(AV_PIX_FMT_YUV420P);
        r.setFrameRate(framesPerSecond);
        // Constant quantiser through the codec's own options: setVideoQuality would also pass
        // x264's crf, which MPEG-4 refuses with a message on every run.
        r.setVideoOption("flags", "+qscale");
        r.setVideoOption("global_quality", Integer.toString(QUALITY * FF_QP2LAMBDA));
        try {
            r.start();
        } catch (FrameRecorder.Exception e) {
            release(r);
            converter.close();
            padded.close();
            throw new SourceException("cannot write the video " + file + ": " + e.getMessage(), e);
        }
        this.recorder = r;
    }

    /** Appends one frame: BGR, of the size given at construction. */
    public void write(Mat bgr) throws SourceException {
        if (bgr.cols() != width || bgr.rows() != height) {
            throw new IllegalArgumentException(
                    "frame "
                            + frames
                            + " is "
                            + bgr.cols()
                            + "x"
                            + bgr.rows()
                            + ", but "
                            + file
                            + " is "
                            + width
                            + "x"
                            + height);
        }
        Mat picture = bgr;
        if (even(width) != width || even(height) != height) {
            try (Scalar black = new Scalar(0, 0, 0, 0)) {
                copyMakeBorder(
                        bgr,
                        padded,
                        0,
                        even(height) - height,
                        0,
                        even(width) - width,
                        BORDER_CONSTANT,
                        black);
            }
            picture = padded;
        }
        try {
            recorder.record(converter.convert(picture));
            frames++;
        } catch (FrameRecorder.Exception e) {
            throw new SourceException(
                    "cannot write frame " + frames + " to " + file + ": " + e.getMessage(), e);
        }
    }

    /** The width every frame must have, in pixels. */
    public int width() {
        return width;
    }

    /** The height every frame must have, in pixels. */
    public int height() {
        return height;
    }

    /** Frames written so far. */
    public long frames() {
        return frames;
    }

    /** Finishes the file (writes its index) and releases FFmpeg's buffers. */
    @Override
    public void close() throws SourceException {
        try {
            recorder.stop();
        } catch (FrameRecorder.Exception e) {
            throw new SourceException("cannot finish the video " + file + ": " + e.getMessage(), e);
        } finally {
            release(recorder);
            converter.close();
            padded.close();
        }
    }

    private static int even(int size) {
        return size + (size & 1);
    }

    private static void release(FFmpegFrameRecorder r) {
        try {
            r.release();
        } catch (FrameRecorder.Exception e) {
            // nothing more to free; the error that matters was thrown already
        }
    }
}
