package io.ferstream.scenes;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SceneGeneratorTest {

    private static FixtureLibrary fixtures;
    private static SceneGenerator generator;

    @BeforeAll
    static void loadFixtures() {
        fixtures = FixtureLibrary.load();
        generator = SceneGenerator.fullHd(fixtures);
    }

    @Test
    void shouldScaleEveryFaceToTheAskedWidth() {
        for (int facePx : SceneGenerator.FACE_SIZES) {
            Scene scene = generator.faces(facePx, 8, 7);

            assertTrue(scene.faces().size() >= 3, scene + " holds too few faces");
            for (FaceBox face : scene.faces()) {
                assertEquals(facePx, face.width(), 1.0, scene.name());
            }
        }
    }

    @Test
    void shouldKeepEveryFaceInsideTheFrameAndApart() {
        List<Scene> scenes = new java.util.ArrayList<>();
        for (int facePx : SceneGenerator.FACE_SIZES) {
            scenes.add(generator.faces(facePx, 8, 11));
        }
        for (Cutout group : fixtures.groups()) {
            scenes.add(generator.group(group, 48, 11));
        }
        scenes.addAll(generator.moving(64, 8, 12, 11).frames());

        for (Scene scene : scenes) {
            assertEquals(1920, scene.image().width());
            assertEquals(1080, scene.image().height());
            assertInsideAndApart(scene);
        }
    }

    @Test
    void shouldMakeTheSamePixelsFromTheSameSeed() {
        SceneGenerator another = SceneGenerator.fullHd(fixtures);

        Scene first = generator.faces(40, 8, 3);
        Scene again = another.faces(40, 8, 3);
        Scene otherSeed = generator.faces(40, 8, 4);

        assertArrayEquals(first.image().rgb(), again.image().rgb());
        assertEquals(first.faces(), again.faces());
        assertFalse(Arrays.equals(first.image().rgb(), otherSeed.image().rgb()));
        assertEquals(
                generator.moving(32, 4, 3, 5).frames().get(2).faces(),
                another.moving(32, 4, 3, 5).frames().get(2).faces());
    }

    @Test
    void shouldScaleAGroupPhotoWithItsReferenceBoxes() {
        Cutout sample1 = fixtures.groups().get(0);

        Scene scene = generator.group(sample1, 96, 2);

        // configure: face-api's boxes on the 1920 px photo, scaled by 96 / median width
        assertEquals(sample1.faces().size(), scene.faces().size());
        double scale = 96 / sample1.medianFaceWidth();
        List<Double> expected =
                sample1.faces().stream().map(f -> f.width() * scale).sorted().toList();
        List<Double> actual = scene.faces().stream().map(FaceBox::width).sorted().toList();
        for (int i = 0; i < expected.size(); i++) {
            assertEquals(expected.get(i), actual.get(i), 1e-6);
        }
        assertInsideAndApart(scene);
    }

    @Test
    void shouldRefuseToEnlargeAGroupPhoto() {
        Cutout smallGroup = fixtures.groups().get(fixtures.groups().size() - 1);

        assertTrue(generator.fits(smallGroup, 48));
        assertFalse(generator.fits(smallGroup, 128));
    }

    @Test
    void shouldMoveFacesAFewPixelsPerFrame() {
        SceneSequence sequence = generator.moving(48, 6, 10, 9);

        assertEquals(10, sequence.frames().size());
        for (int t = 1; t < sequence.frames().size(); t++) {
            List<FaceBox> before = sequence.frames().get(t - 1).faces();
            List<FaceBox> now = sequence.frames().get(t).faces();
            assertEquals(before.size(), now.size());
            for (int i = 0; i < now.size(); i++) {
                double step =
                        Math.hypot(
                                now.get(i).x() - before.get(i).x(),
                                now.get(i).y() - before.get(i).y());
                // rounding to whole pixels adds up to one pixel per axis
                assertTrue(step <= SceneGenerator.MAX_SPEED + Math.sqrt(2), "moved " + step);
            }
        }
        FaceBox first = sequence.frames().get(0).faces().get(0);
        FaceBox last = sequence.frames().get(9).faces().get(0);
        assertTrue(
                Math.hypot(last.x() - first.x(), last.y() - first.y())
                        >= SceneGenerator.MIN_SPEED * 9 - 2);
    }

    @Test
    void shouldBuildSmallFramesForTheDetectorsOwnInputSize() {
        SceneGenerator input = new SceneGenerator(fixtures, 416, 416);

        Scene scene = input.faces(20, 6, 1);

        assertEquals(416, scene.image().width());
        assertTrue(scene.faces().size() >= 4);
        assertInsideAndApart(scene);
    }

    @Test
    void shouldPassThroughJpegKeepingSizeAndBoxes() {
        Scene scene = generator.faces(64, 4, 1);

        byte[] jpeg = scene.jpeg(Jpeg.CAMERA_QUALITY);
        Scene decoded = scene.throughJpeg(Jpeg.CAMERA_QUALITY);

        assertEquals((byte) 0xFF, jpeg[0]);
        assertEquals((byte) 0xD8, jpeg[1]);
        assertEquals(scene.faces(), decoded.faces());
        assertEquals(scene.image().width(), decoded.image().width());
        byte[] a = scene.image().rgb();
        byte[] b = decoded.image().rgb();
        long difference = 0;
        for (int i = 0; i < a.length; i++) {
            difference += Math.abs((a[i] & 0xFF) - (b[i] & 0xFF));
        }
        double mean = difference / (double) a.length;
        assertTrue(mean > 0 && mean < 4, "mean JPEG error " + mean + " levels");
    }

    private static void assertInsideAndApart(Scene scene) {
        List<FaceBox> faces = scene.faces();
        for (FaceBox face : faces) {
            assertTrue(
                    face.x() >= 0
                            && face.y() >= 0
                            && face.right() <= scene.image().width()
                            && face.bottom() <= scene.image().height(),
                    scene.name() + ": " + face + " leaves the frame");
        }
        for (int i = 0; i < faces.size(); i++) {
            for (int j = i + 1; j < faces.size(); j++) {
                assertFalse(faces.get(i).overlaps(faces.get(j)), scene.name() + ": faces overlap");
            }
        }
    }
}
