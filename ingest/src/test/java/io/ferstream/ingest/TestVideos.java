package io.ferstream.ingest;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_MPEG4;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P;

import java.nio.file.Path;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.OpenCVFrameConverter;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * Writes real video files from synthetic frames with FFmpeg (MPEG-4 Part 2: built into every
 * FFmpeg).
 */
public final class TestVideos {

    private TestVideos() {}

    public static Path writeMp4(Path file, int width, int height, int fps, int frames)
            throws Exception {
        try (FFmpegFrameRecorder recorder =
                        new FFmpegFrameRecorder(file.toFile(), width, height, 0);
                OpenCVFrameConverter.ToMat converter = new OpenCVFrameConverter.ToMat()) {
            recorder.setFormat("mp4");
            recorder.setVideoCodec(AV_CODEC_ID_MPEG4);
            recorder.setPixelFormat(AV_PIX_FMT_YUV420P);
            recorder.setFrameRate(fps);
            recorder.setVideoBitrate(2_000_000);
            recorder.start();
            for (int i = 0; i < frames; i++) {
                try (Mat picture = TestImages.picture(width, height, i)) {
                    recorder.record(converter.convert(picture));
                }
            }
            recorder.stop();
        }
        return file;
    }
}
