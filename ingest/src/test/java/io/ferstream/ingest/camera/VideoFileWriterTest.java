package io.ferstream.ingest.camera;

import static org.bytedeco.opencv.global.opencv_core.mean;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ferstream.ingest.TestImages;
import java.nio.file.Path;
import java.time.Clock;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the writer writes, FFmpeg reads back: every frame, at the rate and size given. */
class VideoFileWriterTest {

    @TempDir Path dir;

    @Test
    void shouldWriteAVideoThatReadsBackFrameByFrame() throws Exception {
        Path file = dir.resolve("odd-size.mp4");
        try (VideoFileWriter writer = new VideoFileWriter(file, 321, 241, 10)) {
            for (int i = 0; i < 7; i++) {
                try (Mat picture = TestImages.picture(321, 241, i)) {
                    writer.write(picture);
                }
            }
            assertEquals(7, writer.frames());
        }

        try (GrabberSource source =
                new GrabberSource(
                        SourceSpec.parse(file.toString()),
                        SourceOptions.defaults(),
                        Clock.systemUTC())) {
            source.open();
            int frames = 0;
            CapturedFrame frame;
            while ((frame = source.next()) != null) {
                // odd sizes gain a black column and row: 4:2:0 needs even ones
                assertEquals(322, frame.image().cols());
                assertEquals(242, frame.image().rows());
                try (Mat lastColumn = frame.image().col(321);
                        Scalar mean = mean(lastColumn)) {
                    assertTrue(mean.get(1) < 40, "the added column is black, not stretched");
                }
                assertEquals(frames * 100_000L, frame.timelineMicros());
                frames++;
            }
            assertEquals(7, frames);
            assertEquals(10, source.declaredFrameRate(), 0.01);
        }
    }

    @Test
    void shouldRefuseAFrameOfAnotherSize() throws Exception {
        try (VideoFileWriter writer = new VideoFileWriter(dir.resolve("a.mp4"), 64, 48, 5);
                Mat other = TestImages.picture(32, 24, 0)) {
            IllegalArgumentException e =
                    assertThrows(IllegalArgumentException.class, () -> writer.write(other));
            assertTrue(e.getMessage().contains("is 32x24, but"), e.getMessage());
        }
    }
}
