package io.ferstream.scenes;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Builds scenes of one frame size from a {@link FixtureLibrary}, each fully determined by its
 * arguments and seed (same seed, same pixels, same boxes):
 *
 * <ul>
 *   <li>{@link #faces}: real faces of one width scattered over a background, the size bins of a
 *       recall-by-size measurement;
 *   <li>{@link #group}: a whole group photo scaled so that its faces have about one width;
 *   <li>{@link #moving}: faces of one width drifting in straight lines over consecutive frames.
 * </ul>
 *
 * Faces are only ever shrunk, never enlarged: a fixture face narrower than the width asked for is
 * not used for it. Thread-safe.
 */
public final class SceneGenerator {

    /** The face widths of the size bins, in frame pixels. */
    public static final List<Integer> FACE_SIZES = List.of(24, 32, 40, 48, 64, 96, 128, 192, 256);

    public static final int FULL_HD_WIDTH = 1920;
    public static final int FULL_HD_HEIGHT = 1080;

    /** Pixels kept between cutouts, so their faded edges never blend into each other. */
    static final int GAP = 4;

    /** The slowest and the fastest face of a moving sequence, in pixels per frame. */
    static final double MIN_SPEED = 1;

    static final double MAX_SPEED = 5;

    private final FixtureLibrary fixtures;
    private final int width;
    private final int height;

    public SceneGenerator(FixtureLibrary fixtures, int width, int height) {
        if (width < 1 || height < 1) {
            throw new IllegalArgumentException("frame size must be positive");
        }
        this.fixtures = fixtures;
        this.width = width;
        this.height = height;
    }

    /** 1920x1080 frames, as the cameras of the benchmarks send. */
    public static SceneGenerator fullHd(FixtureLibrary fixtures) {
        return new SceneGenerator(fixtures, FULL_HD_WIDTH, FULL_HD_HEIGHT);
    }

    /**
     * Up to {@code count} faces exactly {@code facePx} wide (their reference boxes), each a
     * different fixture face while there are enough, mirrored at random, at random places that
     * leave every face and its context whole and apart. Fewer faces when no more fit.
     */
    public Scene faces(int facePx, int count, long seed) {
        Random random = new Random(seed);
        List<Sprite> sprites = faceSprites(facePx, count, random);
        Canvas canvas = new Canvas(background(random));
        Layout layout = new Layout(width, height, GAP);
        List<FaceBox> truth = new ArrayList<>();
        for (Sprite sprite : sprites) {
            layout.place(sprite.width(), sprite.height(), random)
                    .ifPresent(spot -> paste(canvas, sprite, spot.x(), spot.y(), truth));
        }
        return new Scene("faces " + facePx + "px seed " + seed, facePx, canvas.image(), truth);
    }

    /** Whether {@link #group} can show this photo with faces of about {@code facePx}. */
    public boolean fits(Cutout group, int facePx) {
        double scale = facePx / group.medianFaceWidth();
        return scale <= 1
                && Resampler.scaledLength(group.width(), scale) <= width
                && Resampler.scaledLength(group.height(), scale) <= height;
    }

    /**
     * A whole group photo scaled so that its median face is {@code facePx} wide, mirrored at
     * random, at a random place on a background. Its faces keep their own spread of widths.
     */
    public Scene group(Cutout group, int facePx, long seed) {
        if (!fits(group, facePx)) {
            throw new IllegalArgumentException(
                    group
                            + " cannot show faces of "
                            + facePx
                            + " px in a "
                            + width
                            + "x"
                            + height
                            + " frame without enlarging it or leaving the frame");
        }
        Random random = new Random(seed);
        Sprite sprite = group.render(facePx / group.medianFaceWidth(), random.nextBoolean());
        Canvas canvas = new Canvas(background(random));
        Layout.Spot spot =
                new Layout(width, height, 0)
                        .place(sprite.width(), sprite.height(), random)
                        .orElseThrow();
        List<FaceBox> truth = new ArrayList<>();
        paste(canvas, sprite, spot.x(), spot.y(), truth);
        return new Scene(
                "group " + group.name() + " " + facePx + "px seed " + seed,
                facePx,
                canvas.image(),
                truth);
    }

    /**
     * {@code frames} frames of a static camera: up to {@code count} faces {@code facePx} wide, each
     * moving in a straight line at {@value #MIN_SPEED} to {@value #MAX_SPEED} px per frame in a
     * random direction. The paths never cross or leave the frame, so every face stays whole and
     * apart in every frame. Faces land on whole pixels (rounded), their truth boxes with them.
     */
    public SceneSequence moving(int facePx, int count, int frames, long seed) {
        if (frames < 1) {
            throw new IllegalArgumentException("a sequence needs at least one frame");
        }
        Random random = new Random(seed);
        List<Sprite> sprites = faceSprites(facePx, count, random);
        Pixels background = background(random);
        Layout layout = new Layout(width, height, GAP);
        int steps = frames - 1;
        List<Path> paths = new ArrayList<>();
        for (Sprite sprite : sprites) {
            double speed = MIN_SPEED + (MAX_SPEED - MIN_SPEED) * random.nextDouble();
            double angle = 2 * Math.PI * random.nextDouble();
            double vx = speed * Math.cos(angle);
            double vy = speed * Math.sin(angle);
            int travelX = (int) Math.ceil(Math.abs(vx) * steps);
            int travelY = (int) Math.ceil(Math.abs(vy) * steps);
            // place the whole swept rectangle: then no two paths ever meet
            layout.place(sprite.width() + travelX, sprite.height() + travelY, random)
                    .ifPresent(
                            spot ->
                                    paths.add(
                                            new Path(
                                                    sprite,
                                                    spot.x() + (vx < 0 ? Math.abs(vx) * steps : 0),
                                                    spot.y() + (vy < 0 ? Math.abs(vy) * steps : 0),
                                                    vx,
                                                    vy)));
        }
        String name = "moving " + facePx + "px seed " + seed;
        List<Scene> scenes = new ArrayList<>(frames);
        for (int t = 0; t < frames; t++) {
            Canvas canvas = new Canvas(background);
            List<FaceBox> truth = new ArrayList<>();
            for (Path path : paths) {
                int x = (int) Math.round(path.x0 + path.vx * t);
                int y = (int) Math.round(path.y0 + path.vy * t);
                paste(canvas, path.sprite, x, y, truth);
            }
            scenes.add(new Scene(name + " frame " + t, facePx, canvas.image(), truth));
        }
        return new SceneSequence(name, facePx, scenes);
    }

    /** A face's start and its velocity in pixels per frame. */
    private record Path(Sprite sprite, double x0, double y0, double vx, double vy) {}

    private List<Sprite> faceSprites(int facePx, int count, Random random) {
        List<Cutout> pool = new ArrayList<>();
        for (Cutout face : fixtures.faces()) {
            if (face.faceWidth() >= facePx) {
                pool.add(face);
            }
        }
        if (pool.isEmpty()) {
            throw new IllegalArgumentException(
                    "no fixture face is "
                            + facePx
                            + " px wide or wider (faces are never enlarged)");
        }
        Collections.shuffle(pool, random);
        List<Sprite> sprites = new ArrayList<>(count);
        for (int k = 0; k < count; k++) {
            Cutout face = pool.get(k % pool.size());
            sprites.add(face.render(facePx / face.faceWidth(), random.nextBoolean()));
        }
        return sprites;
    }

    private Pixels background(Random random) {
        return fixtures.backdrop().frame(width, height, random.nextInt(Backdrop.VARIANTS));
    }

    private static void paste(Canvas canvas, Sprite sprite, int x, int y, List<FaceBox> truth) {
        canvas.paste(sprite, x, y);
        for (FaceBox face : sprite.faces()) {
            truth.add(face.translated(x, y));
        }
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }
}
