package io.ferstream.bench;

import static org.bytedeco.opencv.global.opencv_core.hconcat;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_COLOR;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imread;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_AREA;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

import io.ferstream.ingest.camera.CapturedFrame;
import io.ferstream.ingest.camera.EncodedImage;
import io.ferstream.ingest.camera.FrameEncoder;
import io.ferstream.ingest.camera.GrabberSource;
import io.ferstream.ingest.camera.SourceOptions;
import io.ferstream.ingest.camera.SourceSpec;
import io.ferstream.ingest.camera.VideoFileWriter;
import io.ferstream.schema.CameraFrame;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.MatVector;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * Cameras of real video for the capacity benchmark: a 1280x720 camera panning at 10 fps across two
 * fixture group photos side by side (3 to 5 faces in view, moving, entering and leaving). Each
 * video is written as MPEG-4 with the camera's own FFmpeg writer, read back with its FFmpeg grabber
 * and JPEG-encoded as the camera sends frames, once, before any clock starts. Cameras share the
 * videos, each from its own starting frame, so no two cameras show the same frame at once.
 */
final class PanningCameras implements LiveFrames {

    static final int WIDTH = 1280;
    static final int HEIGHT = 720;
    static final int FPS = 10;
    private static final int PIXELS_PER_FRAME = 6;
    private static final int JPEG_QUALITY = 85;
    private static final String[][] STRIPS = {
        {"sample1.jpg", "sample3.jpg"},
        {"sample5.jpg", "sample6.jpg"},
        {"sample4.jpg", "sample2.jpg"}
    };

    /** Per video, its frames as the camera sends them. */
    private final List<List<EncodedImage>> videos;

    private PanningCameras(List<List<EncodedImage>> videos) {
        this.videos = videos;
    }

    /** Writes the videos under {@code folder} and reads them back as camera frames. */
    static PanningCameras build(Path fixtures, Path folder) throws Exception {
        Files.createDirectories(folder);
        List<List<EncodedImage>> videos = new ArrayList<>();
        FrameEncoder encoder = new FrameEncoder(0, JPEG_QUALITY);
        for (int v = 0; v < STRIPS.length; v++) {
            Path file = folder.resolve("pan-" + v + ".mp4");
            write(fixtures, STRIPS[v], file);
            videos.add(read(file, encoder));
        }
        return new PanningCameras(List.copyOf(videos));
    }

    /** Frames in all the videos, and faces on average. */
    String describe() {
        int frames = videos.stream().mapToInt(List::size).sum();
        double kb =
                videos.stream()
                                .flatMap(List::stream)
                                .mapToLong(f -> f.jpeg().length)
                                .average()
                                .orElse(0)
                        / 1024;
        return String.format(
                "%d videos of %dx%d at %d fps (%d frames, mean JPEG %.0f KB), panning %d px per"
                        + " frame across group photos %s",
                videos.size(),
                WIDTH,
                HEIGHT,
                FPS,
                frames,
                kb,
                PIXELS_PER_FRAME,
                Arrays.deepToString(STRIPS));
    }

    @Override
    public CameraFrame frame(int camera, long sequence, Instant captureTime) {
        List<EncodedImage> video = videos.get(camera % videos.size());
        // cameras on the same video start a stretch apart, and loop
        long start = (long) (camera / videos.size()) * 97;
        EncodedImage image = video.get((int) ((start + sequence) % video.size()));
        return LiveFrames.jpeg(
                camera, sequence, captureTime, image.jpeg(), image.width(), image.height());
    }

    private static void write(Path fixtures, String[] photos, Path out) throws Exception {
        try (Mat left = scaledToHeight(fixtures.resolve(photos[0]));
                Mat right = scaledToHeight(fixtures.resolve(photos[1]));
                MatVector parts = new MatVector(left, right);
                Mat strip = new Mat();
                VideoFileWriter writer = new VideoFileWriter(out, WIDTH, HEIGHT, FPS)) {
            hconcat(parts, strip);
            // there and back, so the loop has no jump
            List<Integer> xs = new ArrayList<>();
            for (int x = 0; x + WIDTH <= strip.cols(); x += PIXELS_PER_FRAME) {
                xs.add(x);
            }
            for (int i = xs.size() - 2; i > 0; i--) {
                xs.add(xs.get(i));
            }
            for (int x : xs) {
                try (Rect where = new Rect(x, 0, WIDTH, HEIGHT);
                        Mat window = new Mat(strip, where);
                        Mat frame = window.clone()) {
                    writer.write(frame);
                }
            }
        }
    }

    private static List<EncodedImage> read(Path file, FrameEncoder encoder) throws Exception {
        List<EncodedImage> frames = new ArrayList<>();
        try (GrabberSource source =
                new GrabberSource(
                        SourceSpec.parse(file.toString()),
                        SourceOptions.defaults().withLoop(false),
                        Clock.systemUTC())) {
            source.open();
            for (CapturedFrame f = source.next(); f != null; f = source.next()) {
                frames.add(encoder.encode(f.image()));
            }
        }
        if (frames.isEmpty()) {
            throw new IllegalStateException("no frames read back from " + file);
        }
        return List.copyOf(frames);
    }

    private static Mat scaledToHeight(Path file) {
        try (Mat photo = imread(file.toString(), IMREAD_COLOR)) {
            if (photo.empty()) {
                throw new IllegalArgumentException("cannot read the image " + file);
            }
            int width = (int) Math.round(photo.cols() * (double) HEIGHT / photo.rows());
            Mat scaled = new Mat();
            try (Size size = new Size(width, HEIGHT)) {
                resize(photo, scaled, size, 0, 0, INTER_AREA);
            }
            return scaled;
        }
    }
}
