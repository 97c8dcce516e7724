import static org.bytedeco.opencv.global.opencv_core.hconcat;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_COLOR;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imread;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_AREA;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

import io.ferstream.ingest.camera.VideoFileWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.MatVector;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * The chaos cameras' video: a camera panning across a scene. The scene is a photo with several
 * faces between two stretches of a faceless one; a 960x540 window slides across it a few pixels
 * per frame at 10 fps and is written as MPEG-4 by the camera's own {@link VideoFileWriter}. So the
 * faces move smoothly, enter and leave the picture (tracks start, change and end), and the camera
 * decodes real video with FFmpeg, as on a real site. Deterministic: the same arguments give the
 * same frames.
 *
 * <pre>
 * java -cp ingest/target/ferstream-ingest-*-all.jar it-tests/chaos/PanVideos.java \
 *     EMPTY.jpg PIXELS_PER_FRAME OUT.mp4 FACES.jpg [OUT.mp4 FACES.jpg ...]
 * </pre>
 */
public final class PanVideos {

    private static final int WIDTH = 960;
    private static final int HEIGHT = 540;
    private static final int FPS = 10;

    public static void main(String[] args) throws Exception {
        if (args.length < 4 || args.length % 2 != 0) {
            System.err.println(
                    "usage: PanVideos EMPTY.jpg PIXELS_PER_FRAME OUT.mp4 FACES.jpg"
                            + " [OUT.mp4 FACES.jpg ...]");
            System.exit(2);
        }
        int step = Integer.parseInt(args[1]);
        try (Mat empty = scaledToHeight(args[0])) {
            for (int i = 2; i < args.length; i += 2) {
                write(Path.of(args[i]), args[i + 1], empty, step);
            }
        }
    }

    private static void write(Path out, String facesFile, Mat empty, int step) throws Exception {
        try (Mat faces = scaledToHeight(facesFile);
                MatVector parts = new MatVector(empty, faces, empty);
                Mat strip = new Mat()) {
            hconcat(parts, strip);
            Files.createDirectories(out.toAbsolutePath().getParent());
            try (VideoFileWriter writer = new VideoFileWriter(out, WIDTH, HEIGHT, FPS)) {
                for (int x = 0; x + WIDTH <= strip.cols(); x += step) {
                    try (Rect where = new Rect(x, 0, WIDTH, HEIGHT);
                            Mat window = new Mat(strip, where);
                            Mat frame = window.clone()) {
                        writer.write(frame);
                    }
                }
                System.out.println(out + ": " + writer.frames() + " frames at " + FPS + " fps");
            }
        }
    }

    private static Mat scaledToHeight(String file) {
        try (Mat photo = imread(file, IMREAD_COLOR)) {
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
