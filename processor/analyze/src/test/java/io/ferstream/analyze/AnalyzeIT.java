package io.ferstream.analyze;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_COLOR;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imread;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.ferstream.inference.Detection;
import io.ferstream.inference.model.ModelsDirectory;
import io.ferstream.ingest.camera.VideoFileWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ferstream-analyze} end to end on the real models: a video made from a real photo (Grace
 * Hopper, whose face face-api finds at a known box) sliding across a frame, and a folder of images,
 * through the command line as a user runs it.
 */
class AnalyzeIT {

    private static final int WIDTH = 960;
    private static final int HEIGHT = 540;
    private static final int FRAMES = 8;
    private static final int FPS = 5;
    private static final int STEP_PX = 40; // the photo moves this far per frame
    private static final int TOP = 14;

    /** face-api's box for the face in grace_hopper_512x512.jpg (models/fixtures/reference). */
    private static final Detection GRACE = new Detection(141.145, 116.293, 232.902, 221.130, 0.956);

    @TempDir static Path dir;
    static Path fixtures;
    static Path video;

    @BeforeAll
    static void writeVideo() throws Exception {
        fixtures = ModelsDirectory.locate().resolve("fixtures");
        video = dir.resolve("grace.mp4");
        try (Mat photo =
                        imread(
                                fixtures.resolve("grace_hopper_512x512.jpg").toString(),
                                IMREAD_COLOR);
                VideoFileWriter writer = new VideoFileWriter(video, WIDTH, HEIGHT, FPS)) {
            for (int i = 0; i < FRAMES; i++) {
                try (Scalar grey = new Scalar(110, 120, 125, 0);
                        Mat frame = new Mat(HEIGHT, WIDTH, CV_8UC3, grey);
                        Rect where = new Rect(left(i), TOP, photo.cols(), photo.rows());
                        Mat place = new Mat(frame, where)) {
                    photo.copyTo(place);
                    writer.write(frame);
                }
            }
        }
    }

    private static int left(int frame) {
        return 40 + STEP_PX * frame;
    }

    /** Where the face is in frame {@code i} of the video. */
    private static Detection expected(int i) {
        return new Detection(
                GRACE.x() + left(i), GRACE.y() + TOP, GRACE.width(), GRACE.height(), GRACE.score());
    }

    private static CommandRun analyze(String... args) throws Exception {
        return CommandRun.of(dir, args);
    }

    private static Detection box(JsonNode face) {
        return CommandRun.box(face);
    }

    private static void assertNear(Detection expected, Detection actual, String what) {
        assertNear(expected, actual, 0.85, what);
    }

    private static void assertNear(
            Detection expected, Detection actual, double minIou, String what) {
        assertTrue(
                expected.iou(actual) > minIou,
                what + ": " + actual + " is not the face at " + expected);
    }

    @Test
    void shouldFindTrackAndClassifyTheFaceInEveryFrameOfAVideo() throws Exception {
        CommandRun run = analyze(video.toString(), "--track");

        assertEquals(0, run.code(), run.err());
        assertEquals(FRAMES, run.lines().size());
        long track = run.lines().get(0).get("faces").get(0).get("track").asLong();
        for (int i = 0; i < FRAMES; i++) {
            JsonNode line = run.lines().get(i);
            assertEquals(i, line.get("frame").asLong());
            assertEquals(i * 1000 / FPS, line.get("timeMs").asLong());
            assertEquals(WIDTH, line.get("width").asInt());
            assertEquals(HEIGHT, line.get("height").asInt());
            assertTrue(line.get("detected").asBoolean());
            assertEquals(1, line.get("looks").asInt());
            assertEquals(1, line.get("faces").size(), line.toString());
            JsonNode face = line.get("faces").get(0);
            assertNear(expected(i), box(face), "frame " + i);
            assertEquals(track, face.get("track").asLong(), "one face, one track");
            assertEquals("neutral", face.get("label").asText(), "as face-api says: 0.92 neutral");
            double sum = 0;
            double top = 0;
            Iterator<JsonNode> p = face.get("probabilities").elements();
            while (p.hasNext()) {
                double v = p.next().asDouble();
                sum += v;
                top = Math.max(top, v);
            }
            assertEquals(1.0, sum, 1e-3, "probabilities of frame " + i);
            assertEquals(top, face.get("probability").asDouble(), 1e-6);
            assertEquals(7, face.get("probabilities").size());
        }
        JsonNode started = run.lines().get(2).get("events").get(0);
        assertEquals("TRACK_STARTED", started.get("type").asText(), "confirmed at min-hits 3");
        assertEquals(track, started.get("track").asLong());
        assertTrue(run.err().contains("frames    8 (0 refused)"), run.err());
        assertTrue(run.err().contains("tracks    1 begun, 1 confirmed"), run.err());
        assertTrue(run.err().contains("128-255 px: 8"), run.err());
    }

    @Test
    void shouldDetectEveryThirdFrameAndFollowTheFaceBetween() throws Exception {
        CommandRun run = analyze(video.toString(), "--interval", "3");

        assertEquals(0, run.code(), run.err());
        assertEquals(FRAMES, run.lines().size());
        for (int i = 0; i < FRAMES; i++) {
            JsonNode line = run.lines().get(i);
            assertEquals(i % 3 == 0, line.get("detected").asBoolean(), "frame " + i);
            assertEquals(i % 3 == 0 ? 1 : 0, line.get("looks").asInt());
            assertEquals(1, line.get("faces").size(), "frame " + i);
            if (i > 3) {
                // Two detections behind it: the face's motion carries its box along, and with it
                // the detector's jitter between them (0.84 measured for frame 7).
                assertNear(
                        expected(i), box(line.get("faces").get(0)), 0.75, "predicted frame " + i);
            }
        }
        assertTrue(run.err().contains("ran on 3 of 8 frames, 0.38 looks per frame"), run.err());
        assertTrue(run.err().contains("interval 3"), run.err());
    }

    @Test
    void shouldAnalyseAFolderOfImagesAndDrawWhatItFound() throws Exception {
        Path images = Files.createDirectories(dir.resolve("images"));
        Files.copy(fixtures.resolve("grace_hopper_512x512.jpg"), images.resolve("a-grace.jpg"));
        Files.copy(
                fixtures.resolve("640px-IceBlockNearJoekullsarlon.jpg"),
                images.resolve("b-iceberg.jpg"));
        Path annotated = dir.resolve("annotated");

        CommandRun run = analyze(images.toString(), "--annotate", annotated.toString());

        assertEquals(0, run.code(), run.err());
        assertEquals(2, run.lines().size());
        JsonNode grace = run.lines().get(0);
        assertEquals(images.resolve("a-grace.jpg").toString(), grace.get("image").asText());
        assertEquals(512, grace.get("width").asInt());
        assertEquals(1, grace.get("faces").size());
        assertNear(GRACE, box(grace.get("faces").get(0)), "the photo as it is");
        assertFalse(grace.get("faces").get(0).has("track"), "no tracking unless asked");
        JsonNode iceberg = run.lines().get(1);
        assertEquals(1000, iceberg.get("timeMs").asLong(), "images 1 s apart by default");
        assertEquals(0, iceberg.get("faces").size());
        for (String name : List.of("frame-000000.jpg", "frame-000001.jpg")) {
            try (Mat picture = imread(annotated.resolve(name).toString(), IMREAD_COLOR)) {
                assertFalse(picture.empty(), name);
            }
        }
    }

    @Test
    void shouldCallAFaceNarrowerThanTheQualityRuleUnknown() throws Exception {
        CommandRun run =
                analyze(
                        fixtures.resolve("grace_hopper_512x512.jpg").toString(),
                        "--set",
                        "quality.min-face-px=300");

        assertEquals(0, run.code(), run.err());
        JsonNode face = run.lines().get(0).get("faces").get(0);
        assertEquals("unknown", face.get("label").asText());
        assertTrue(face.get("probabilities").isNull());
        assertTrue(run.err().contains("1 unknown"), run.err());
    }

    @Test
    void shouldWriteAnAnnotatedVideoOfEveryFrame() throws Exception {
        Path annotated = dir.resolve("annotated.mp4");

        CommandRun run = analyze(video.toString(), "--annotate-video", annotated.toString());

        assertEquals(0, run.code(), run.err());
        // The annotated video is a video like any other: analysed in turn, it has every frame, at
        // the source's size and rate, and the face still in it under its box and label.
        CommandRun again = analyze(annotated.toString());
        assertEquals(0, again.code(), again.err());
        assertEquals(FRAMES, again.lines().size());
        for (int i = 0; i < FRAMES; i++) {
            JsonNode line = again.lines().get(i);
            assertEquals(i * 1000 / FPS, line.get("timeMs").asLong());
            assertEquals(WIDTH, line.get("width").asInt());
            assertEquals(HEIGHT, line.get("height").asInt());
            assertEquals(1, line.get("faces").size(), "frame " + i);
        }
    }
}
