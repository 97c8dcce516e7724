package io.ferstream.analyze;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.ferstream.inference.Detection;
import io.ferstream.ingest.camera.VideoFileWriter;
import io.ferstream.scenes.FaceBox;
import io.ferstream.scenes.FixtureLibrary;
import io.ferstream.scenes.Scene;
import io.ferstream.scenes.SceneGenerator;
import java.nio.file.Path;
import java.util.List;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's way of choosing a camera's settings, on a 1080p lobby recording whose real faces are
 * 64 px wide and moving: the defaults find none of them, {@code --min-face-px 48} finds them at a
 * cost in detector looks the summary states, a region keeps the faces of its half only and costs
 * fewer looks, and detect-every-3 runs the detector on a third of the frames.
 */
class CameraSettingsIT {

    private static final int FACE_PX = 64;
    private static final int FRAMES = 6;
    private static final int FPS = 5;

    @TempDir static Path dir;
    static List<Scene> scenes;
    static Path video;

    @BeforeAll
    static void recordTheLobby() throws Exception {
        scenes =
                SceneGenerator.fullHd(FixtureLibrary.load())
                        .moving(FACE_PX, 6, FRAMES, 11)
                        .frames();
        video = dir.resolve("lobby.mp4");
        try (VideoFileWriter writer =
                new VideoFileWriter(
                        video, SceneGenerator.FULL_HD_WIDTH, SceneGenerator.FULL_HD_HEIGHT, FPS)) {
            for (Scene scene : scenes) {
                try (Mat frame = Annotator.bgr(scene.image())) {
                    writer.write(frame);
                }
            }
        }
    }

    /** The lobby as its camera sends it: full size, every frame. */
    private static CommandRun analyze(String... settings) throws Exception {
        String[] args = new String[settings.length + 5];
        args[0] = video.toString();
        args[1] = "--max-dimension";
        args[2] = "0";
        args[3] = "--fps";
        args[4] = "0";
        System.arraycopy(settings, 0, args, 5, settings.length);
        CommandRun run = CommandRun.of(dir, args);
        assertEquals(0, run.code(), run.err());
        assertEquals(FRAMES, run.lines().size());
        return run;
    }

    /** The true faces of each frame matched one to one by a face of its line (IoU 0.4). */
    private static int found(CommandRun run) {
        int hits = 0;
        for (int i = 0; i < FRAMES; i++) {
            JsonNode faces = run.lines().get(i).get("faces");
            boolean[] used = new boolean[faces.size()];
            for (FaceBox truth : scenes.get(i).faces()) {
                for (int f = 0; f < faces.size(); f++) {
                    Detection d = CommandRun.box(faces.get(f));
                    if (!used[f] && truth.iou(d.x(), d.y(), d.width(), d.height()) >= 0.4) {
                        used[f] = true;
                        hits++;
                        break;
                    }
                }
            }
        }
        return hits;
    }

    private static int truths() {
        return scenes.stream().mapToInt(s -> s.faces().size()).sum();
    }

    private static int looks(CommandRun run) {
        return run.lines().stream().mapToInt(line -> line.get("looks").asInt()).sum();
    }

    @Test
    void shouldFindTheSmallFacesOnlyWithTheSmallFaceSettingAndSayWhatItCosts() throws Exception {
        CommandRun defaults = analyze();
        CommandRun small = analyze("--min-face-px", "48");

        assertEquals(0, found(defaults), "one look at 1920 px cannot see 64 px faces");
        assertEquals(FRAMES, looks(defaults));
        assertTrue(found(small) >= 0.9 * truths(), found(small) + " of " + truths() + " found");
        assertTrue(looks(small) > 4 * FRAMES, "tiles cost looks: " + looks(small));
        assertTrue(
                small.err().contains("48-63 px") && small.err().contains("64-95 px"), small.err());
        for (JsonNode face : small.faces()) {
            assertTrue(face.get("probabilities").isObject(), "64 px faces are judged: " + face);
        }
    }

    @Test
    void shouldKeepTheFacesOfTheRegionOnlyForFewerLooks() throws Exception {
        CommandRun whole = analyze("--min-face-px", "48");
        CommandRun left = analyze("--min-face-px", "48", "--regions", "0,0,0.5,1");

        assertTrue(!left.faces().isEmpty(), "the scene has faces in its left half");
        for (JsonNode face : left.faces()) {
            Detection d = CommandRun.box(face);
            assertTrue(d.x() + d.width() / 2 < 960, "a face outside the region: " + d);
        }
        assertTrue(left.faces().size() < whole.faces().size());
        assertTrue(looks(left) < looks(whole), looks(left) + " vs " + looks(whole));
    }

    @Test
    void shouldDetectEveryThirdFrameAndTrackTheFacesAcrossTheOthers() throws Exception {
        CommandRun run = analyze("--min-face-px", "48", "--interval", "3", "--track");

        for (int i = 0; i < FRAMES; i++) {
            JsonNode line = run.lines().get(i);
            assertEquals(i % 3 == 0, line.get("detected").asBoolean(), "frame " + i);
            for (JsonNode face : line.get("faces")) {
                assertTrue(face.get("track").isNumber(), "frame " + i + ": " + face);
            }
        }
        assertTrue(found(run) >= 0.8 * truths(), found(run) + " of " + truths() + " followed");
        assertTrue(run.err().contains("ran on 2 of 6 frames"), run.err());
    }
}
