package io.ferstream.ingest.camera;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ferstream.image.ImageHeader;
import io.ferstream.ingest.TestVideos;
import io.ferstream.schema.CameraFrame;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reads a real MP4 (written by FFmpeg in the test) through the same grabber the CLI uses. */
class VideoFileSourceTest {

    private static final Instant START = Instant.parse("2025-03-01T10:00:00Z");
    private static final int FPS = 25;
    private static final int FRAMES = 50; // 2 s

    @TempDir static Path dir;
    static Path video;

    @BeforeAll
    static void writeVideo() throws Exception {
        video = TestVideos.writeMp4(dir.resolve("clip.mp4"), 320, 240, FPS, FRAMES);
    }

    private static GrabberSource source(SourceOptions options) {
        return new GrabberSource(
                SourceSpec.parse(video.toString()),
                options.withCaptureStart(START),
                Clock.systemUTC());
    }

    private static List<CapturedFrame> readAll(FrameSource source, int limit)
            throws SourceException {
        List<CapturedFrame> frames = new ArrayList<>();
        CapturedFrame frame;
        while (frames.size() < limit && (frame = source.next()) != null) {
            assertEquals(320, frame.image().cols());
            frames.add(
                    new CapturedFrame(
                            frame.timelineMicros(),
                            frame.captureTime(),
                            null)); // the Mat is reused
        }
        return frames;
    }

    @Test
    void shouldYieldEveryFrameWithCaptureTimesFromTheFileTimestamps() throws Exception {
        try (GrabberSource source = source(SourceOptions.defaults())) {
            source.open();

            List<CapturedFrame> frames = readAll(source, 1000);

            assertEquals(FRAMES, frames.size());
            assertEquals(FPS, source.declaredFrameRate(), 0.01);
            assertEquals(2_000_000, source.declaredDurationMicros(), 40_000);
            for (int i = 0; i < FRAMES; i++) {
                assertEquals(i * 40_000L, frames.get(i).timelineMicros(), "pts of frame " + i);
                assertEquals(START.plusMillis(i * 40L), frames.get(i).captureTime());
            }
        }
    }

    @Test
    void shouldSampleTheFileToTheTargetRateByTimestamps() throws Exception {
        try (GrabberSource source = source(SourceOptions.defaults())) {
            source.open();
            FpsSampler fiveFps = new FpsSampler(5);

            List<Long> kept = new ArrayList<>();
            for (CapturedFrame frame : readAll(source, 1000)) {
                if (fiveFps.keep(frame.timelineMicros())) {
                    kept.add(frame.timelineMicros());
                }
            }

            assertEquals(
                    List.of(
                            0L,
                            200_000L,
                            400_000L,
                            600_000L,
                            800_000L,
                            1_000_000L,
                            1_200_000L,
                            1_400_000L,
                            1_600_000L,
                            1_800_000L),
                    kept);
        }
    }

    @Test
    void shouldStartAtTheOffsetAndLoopWithIncreasingCaptureTimes() throws Exception {
        SourceOptions options =
                SourceOptions.defaults().withStartOffset(Duration.ofMillis(1000)).withLoop(true);
        try (GrabberSource source = source(options)) {
            source.open();

            List<CapturedFrame> frames = readAll(source, 60);

            assertEquals(60, frames.size());
            assertTrue(
                    frames.get(0).timelineMicros() >= 960_000
                            && frames.get(0).timelineMicros() <= 1_000_000,
                    "first frame at " + frames.get(0).timelineMicros());
            for (int i = 1; i < frames.size(); i++) {
                long step = frames.get(i).timelineMicros() - frames.get(i - 1).timelineMicros();
                assertEquals(
                        40_000L,
                        step,
                        "step before frame " + i + " (loops must continue the timeline)");
            }
        }
    }

    @Test
    void shouldTurnTheFileIntoNumberedDownscaledJpegFrames() throws Exception {
        GrabberSource source = source(SourceOptions.defaults());
        try (FramePipeline pipeline =
                new FramePipeline(
                        source,
                        new FpsSampler(10),
                        null,
                        new FrameEncoder(160, 80),
                        "cam-7",
                        100,
                        null)) {
            pipeline.open();

            List<CameraFrame> frames = new ArrayList<>();
            CameraFrame frame;
            while ((frame = pipeline.next()) != null) {
                frames.add(frame);
            }

            // 25 fps sampled to "at least 100 ms apart" keeps every third frame (0, 120, 240 ms
            // ...).
            assertEquals(17, frames.size());
            assertEquals(FRAMES, pipeline.grabbed());
            assertEquals(FRAMES - 17, pipeline.sampledOut());
            for (int i = 0; i < frames.size(); i++) {
                CameraFrame f = frames.get(i);
                assertEquals(100 + i, f.getSequence());
                assertEquals("cam-7", f.getCameraId());
                assertEquals(START.plusMillis(i * 120L), f.getCaptureTime());
                ImageHeader header = ImageHeader.read(bytes(f.getImage()));
                assertEquals(160, header.width());
                assertEquals(120, header.height());
                assertEquals(160, f.getWidth());
                assertEquals(120, f.getHeight());
            }
        }
    }

    @Test
    void shouldFailToOpenAFileThatIsNotAVideo() throws Exception {
        Path notVideo = Files.writeString(dir.resolve("notes.mp4"), "this is not a video");
        GrabberSource source =
                new GrabberSource(
                        SourceSpec.parse(notVideo.toString()),
                        SourceOptions.defaults(),
                        Clock.systemUTC());

        SourceException e = assertThrows(SourceException.class, source::open);

        assertTrue(e.getMessage().contains("notes.mp4"), e.getMessage());
    }

    private static byte[] bytes(ByteBuffer buffer) {
        byte[] out = new byte[buffer.remaining()];
        buffer.duplicate().get(out);
        return out;
    }
}
