package io.ferstream.scenes;

import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Backgrounds without faces, made from the fixtures' no-face photo: scaled to cover the frame,
 * zoomed a little more, cropped at some place and possibly mirrored, each variant by its own seed.
 * Variants are cached: a benchmark builds hundreds of frames on a handful of backgrounds.
 */
final class Backdrop {

    /** How many different backgrounds scenes draw from. */
    static final int VARIANTS = 6;

    /** Up to this much zoom beyond covering the frame, so crops differ. */
    private static final double MAX_EXTRA_ZOOM = 0.3;

    private final Pixels photo;
    private final Map<String, Pixels> made = new ConcurrentHashMap<>();

    Backdrop(Pixels photo) {
        this.photo = photo;
    }

    /** Background {@code variant} (any int; taken modulo {@link #VARIANTS}) at this size. */
    Pixels frame(int width, int height, int variant) {
        int v = Math.floorMod(variant, VARIANTS);
        return made.computeIfAbsent(width + "x" + height + "#" + v, key -> make(width, height, v));
    }

    private Pixels make(int width, int height, int variant) {
        Random random = new Random(variant);
        double cover = Math.max(width / (double) photo.width, height / (double) photo.height);
        double scale = cover * (1 + MAX_EXTRA_ZOOM * random.nextDouble());
        Pixels source = variant % 2 == 1 ? photo.mirrored() : photo;
        Pixels scaled = Resampler.resize(source, scale);
        int x = random.nextInt(scaled.width - width + 1);
        int y = random.nextInt(scaled.height - height + 1);
        return scaled.crop(x, y, width, height);
    }
}
