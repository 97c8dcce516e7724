package io.ferstream.scenes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ferstream.inference.model.ModelsDirectory;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * The committed fixtures ({@code models/fixtures/}) as scene material: faces cut from the photos
 * with their context, whole group photos, the no-face photo as background, and every photo with a
 * reference as it is. Truth boxes are face-api's own detections on the original photos ({@code
 * reference/<image>.json}). Loaded once; immutable and thread-safe afterwards.
 */
public final class FixtureLibrary {

    /** Photos whose faces are cut out for the size scenes. */
    public static final List<String> FACE_SOURCES =
            List.of(
                    "sample1.jpg",
                    "sample2.jpg",
                    "sample3.jpg",
                    "grace_hopper_512x512.jpg",
                    "group_416x303.png");

    /** Photos pasted whole into the group scenes. */
    public static final List<String> GROUP_PHOTOS =
            List.of("sample1.jpg", "sample2.jpg", "sample3.jpg", "group_416x303.png");

    /** The photo without faces the backgrounds are made of. */
    public static final String NO_FACE_PHOTO = "640px-IceBlockNearJoekullsarlon.jpg";

    /** Every fixture photo that has a face-api reference, the no-face one included. */
    public static final List<String> REFERENCE_PHOTOS =
            List.of(
                    "sample1.jpg",
                    "sample2.jpg",
                    "sample3.jpg",
                    "sample4.jpg",
                    "sample5.jpg",
                    "sample6.jpg",
                    "grace_hopper_512x512.jpg",
                    "group_416x303.png",
                    NO_FACE_PHOTO);

    /**
     * A face is cut out only if it keeps at least this share of the context asked for on every
     * side: closer to the photo's edge or to a neighbour, its cutout would end in a hard line
     * through hair or chin, which no camera shows.
     */
    static final double LEAST_CONTEXT = 0.5;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path dir;
    private final List<Cutout> faces;
    private final List<Cutout> groups;
    private final Backdrop backdrop;

    private FixtureLibrary(Path dir, List<Cutout> faces, List<Cutout> groups, Backdrop backdrop) {
        this.dir = dir;
        this.faces = List.copyOf(faces);
        this.groups = List.copyOf(groups);
        this.backdrop = backdrop;
    }

    /** From {@code fixtures/} of the models directory {@link ModelsDirectory#locate()} finds. */
    public static FixtureLibrary load() {
        return load(ModelsDirectory.locate().resolve("fixtures"));
    }

    public static FixtureLibrary load(Path fixturesDir) {
        List<Cutout> faces = new ArrayList<>();
        List<Cutout> groups = new ArrayList<>();
        for (String name : FACE_SOURCES) {
            Pixels photo = Pixels.of(read(fixturesDir.resolve(name)));
            List<FaceBox> reference = referenceBoxes(fixturesDir, name);
            for (int i = 0; i < reference.size(); i++) {
                Cutout face = Cutout.aroundFace(name + "#" + i, photo, reference.get(i), reference);
                if (face.contextKept() >= LEAST_CONTEXT) {
                    faces.add(face);
                }
            }
            if (GROUP_PHOTOS.contains(name)) {
                groups.add(Cutout.wholePhoto(name, photo, reference));
            }
        }
        Backdrop backdrop = new Backdrop(Pixels.of(read(fixturesDir.resolve(NO_FACE_PHOTO))));
        return new FixtureLibrary(fixturesDir, faces, groups, backdrop);
    }

    /** Every usable face with its context, in {@link #FACE_SOURCES} and reference order. */
    public List<Cutout> faces() {
        return faces;
    }

    /** The whole group photos, in {@link #GROUP_PHOTOS} order. */
    public List<Cutout> groups() {
        return groups;
    }

    Backdrop backdrop() {
        return backdrop;
    }

    /**
     * A fixture photo as it is, with face-api's boxes on it as truth (facePx 0): today's benchmark
     * frames, for checking that a new way of detecting loses nothing on them.
     */
    public Scene photo(String name) {
        BufferedImage image = read(dir.resolve(name));
        return new Scene(name, 0, BufferedImages.toRgbImage(image), referenceBoxes(dir, name));
    }

    /** face-api's boxes on the original photo, in its order (descending score). */
    static List<FaceBox> referenceBoxes(Path fixturesDir, String name) {
        Path file = fixturesDir.resolve("reference").resolve(name + ".json");
        try {
            JsonNode detections = JSON.readTree(file.toFile()).path("detections");
            List<FaceBox> boxes = new ArrayList<>();
            for (JsonNode detection : detections) {
                JsonNode box = detection.path("box");
                boxes.add(
                        new FaceBox(
                                box.path("x").asDouble(),
                                box.path("y").asDouble(),
                                box.path("width").asDouble(),
                                box.path("height").asDouble()));
            }
            return boxes;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the reference " + file, e);
        }
    }

    private static BufferedImage read(Path file) {
        try {
            if (!Files.isRegularFile(file)) {
                throw new IllegalStateException(
                        "fixture " + file + " is missing (see models/fixtures/README.md)");
            }
            BufferedImage image = ImageIO.read(file.toFile());
            if (image == null) {
                throw new IllegalStateException("ImageIO cannot read the fixture " + file);
            }
            return image;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the fixture " + file, e);
        }
    }
}
