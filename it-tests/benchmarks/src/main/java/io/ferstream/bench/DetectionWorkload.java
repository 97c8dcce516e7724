package io.ferstream.bench;

import io.ferstream.scenes.Cutout;
import io.ferstream.scenes.FixtureLibrary;
import io.ferstream.scenes.SceneGenerator;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The frames of the detection benchmark, built once from the fixtures (1920x1080, JPEG at quality
 * 0.9 as a camera sends them, deterministic by seed):
 *
 * <ul>
 *   <li>size scenes: {@value #FACES_PER_FRAME} faces (fewer where they do not fit) of one width per
 *       frame, for every width of {@link SceneGenerator#FACE_SIZES};
 *   <li>group scenes: each group photo scaled so that its median face has each of those widths that
 *       it can show without enlarging;
 *   <li>the fixture photos as they are, with face-api's boxes: today's benchmark frames;
 *   <li>moving sequences: consecutive frames with faces drifting, one camera per face width.
 * </ul>
 */
record DetectionWorkload(
        List<TestCamera> sizeScenes,
        List<TestCamera> groupScenes,
        List<TestCamera> fixturePhotos,
        List<TestCamera> moving) {

    static final int FACES_PER_FRAME = 8;

    static DetectionWorkload build(
            FixtureLibrary fixtures,
            int framesPerSize,
            int groupsPerSize,
            List<Integer> movingSizes,
            int sequenceFrames,
            long seed)
            throws IOException {
        SceneGenerator generator = SceneGenerator.fullHd(fixtures);
        List<TestCamera> sizes = new ArrayList<>();
        for (int facePx : SceneGenerator.FACE_SIZES) {
            for (int i = 0; i < framesPerSize; i++) {
                sizes.add(
                        TestCamera.of(
                                generator.faces(
                                        facePx, FACES_PER_FRAME, seed(seed, 1, facePx, i))));
            }
        }
        List<TestCamera> groups = new ArrayList<>();
        for (Cutout group : fixtures.groups()) {
            for (int facePx : SceneGenerator.FACE_SIZES) {
                for (int i = 0; i < groupsPerSize && generator.fits(group, facePx); i++) {
                    groups.add(
                            TestCamera.of(
                                    generator.group(group, facePx, seed(seed, 2, facePx, i))));
                }
            }
        }
        List<TestCamera> photos = new ArrayList<>();
        for (String name : FixtureLibrary.REFERENCE_PHOTOS) {
            byte[] bytes = Files.readAllBytes(fixtures.file(name));
            photos.add(
                    new TestCamera(
                            name,
                            List.of(
                                    new TestCamera.Frame(
                                            name,
                                            0,
                                            bytes,
                                            fixtures.reference(name),
                                            fixtures.unlabelled(name)))));
        }
        List<TestCamera> moving = new ArrayList<>();
        for (int facePx : movingSizes) {
            moving.add(
                    TestCamera.of(
                            generator.moving(
                                    facePx,
                                    FACES_PER_FRAME,
                                    sequenceFrames,
                                    seed(seed, 3, facePx, 0))));
        }
        return new DetectionWorkload(sizes, groups, photos, moving);
    }

    /**
     * Each scene its own seed, from the run's seed, the kind of scene, its face width and index.
     */
    static long seed(long base, int kind, int facePx, int index) {
        return base * 1_000_003L + kind * 100_000L + facePx * 100L + index;
    }

    /** The number of true faces of every size bin among these cameras, for the tables. */
    static String truthPerBin(List<TestCamera> cameras) {
        Map<Integer, Integer> faces = new TreeMap<>();
        for (TestCamera camera : cameras) {
            for (TestCamera.Frame frame : camera.frames()) {
                faces.merge(frame.facePx(), frame.faces().size(), Integer::sum);
            }
        }
        List<String> parts = new ArrayList<>();
        faces.forEach((bin, n) -> parts.add(bin + " px: " + n));
        return String.join(", ", parts);
    }
}
