package io.ferstream.it.ingest;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_MPEG4;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imread;
import static org.bytedeco.opencv.global.opencv_imgproc.putText;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

import io.ferstream.inference.model.ModelsDirectory;
import java.nio.file.Path;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.OpenCVFrameConverter;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Point;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * A real 640x480 video file of a face (the Grace Hopper fixture) that moves right a little every
 * frame and carries its frame number, written with FFmpeg in MPEG-4 Part 2 (built into every
 * FFmpeg, as in the ingest module's own tests).
 */
final class FaceVideo {

    static final int WIDTH = 640;
    static final int HEIGHT = 480;
    private static final int FACE = 360;

    private FaceVideo() {}

    /** {@code models/fixtures/<name>} of the repository. */
    static Path fixture(String name) {
        return ModelsDirectory.locate().resolve("fixtures").resolve(name);
    }

    static Path grace() {
        return fixture("grace_hopper_512x512.jpg");
    }

    /** Writes {@code frames} frames at {@code fps} to {@code file} (an .mp4). */
    static Path write(Path file, int frames, int fps) throws Exception {
        try (Mat original = imread(grace().toString());
                Mat face = new Mat();
                Size faceSize = new Size(FACE, FACE);
                FFmpegFrameRecorder recorder =
                        new FFmpegFrameRecorder(file.toFile(), WIDTH, HEIGHT, 0);
                OpenCVFrameConverter.ToMat converter = new OpenCVFrameConverter.ToMat()) {
            if (original.empty()) {
                throw new IllegalStateException("OpenCV could not read " + grace());
            }
            resize(original, face, faceSize);
            recorder.setFormat("mp4");
            recorder.setVideoCodec(AV_CODEC_ID_MPEG4);
            recorder.setPixelFormat(AV_PIX_FMT_YUV420P);
            recorder.setFrameRate(fps);
            recorder.setVideoBitrate(2_000_000);
            recorder.start();
            for (int i = 0; i < frames; i++) {
                try (Mat canvas = new Mat(HEIGHT, WIDTH, CV_8UC3, new Scalar(90, 90, 90, 0));
                        Rect where = new Rect(20 + 8 * i % (WIDTH - FACE - 20), 60, FACE, FACE);
                        Mat region = new Mat(canvas, where);
                        Point label = new Point(10, 30);
                        Scalar white = new Scalar(255, 255, 255, 0)) {
                    face.copyTo(region);
                    putText(canvas, "frame " + i, label, 0, 0.8, white);
                    recorder.record(converter.convert(canvas));
                }
            }
            recorder.stop();
        }
        return file;
    }
}
