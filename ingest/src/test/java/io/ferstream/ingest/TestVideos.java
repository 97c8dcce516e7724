package io.ferstream.ingest;

import io.ferstream.ingest.camera.VideoFileWriter;
import java.nio.file.Path;
import org.bytedeco.opencv.opencv_core.Mat;

/** Writes real video files from synthetic frames with FFmpeg ({@link VideoFileWriter}). */
public final class TestVideos {

    private TestVideos() {}

    public static Path writeMp4(Path file, int width, int height, int fps, int frames)
            throws Exception {
        try (VideoFileWriter writer = new VideoFileWriter(file, width, height, fps)) {
            for (int i = 0; i < frames; i++) {
                try (Mat picture = TestImages.picture(width, height, i)) {
                    writer.write(picture);
                }
            }
        }
        return file;
    }
}
