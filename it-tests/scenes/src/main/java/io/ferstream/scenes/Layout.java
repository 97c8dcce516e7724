package io.ferstream.scenes;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;

/**
 * Scatters rectangles over a frame at random (by the caller's seeded {@link Random}), never
 * overlapping: each is tried at up to {@value #TRIES} places and left out if none is free.
 */
final class Layout {

    static final int TRIES = 500;

    /** A placed rectangle. */
    record Spot(int x, int y, int width, int height) {
        boolean clearOf(Spot o, int gap) {
            return x + width + gap <= o.x
                    || o.x + o.width + gap <= x
                    || y + height + gap <= o.y
                    || o.y + o.height + gap <= y;
        }
    }

    private final int frameWidth;
    private final int frameHeight;
    private final int gap;
    private final List<Spot> taken = new ArrayList<>();

    /**
     * @param gap pixels kept free between rectangles
     */
    Layout(int frameWidth, int frameHeight, int gap) {
        this.frameWidth = frameWidth;
        this.frameHeight = frameHeight;
        this.gap = gap;
    }

    /** A free place for a {@code width x height} rectangle, now taken; empty if none was found. */
    Optional<Spot> place(int width, int height, Random random) {
        if (width > frameWidth || height > frameHeight) {
            return Optional.empty();
        }
        for (int attempt = 0; attempt < TRIES; attempt++) {
            Spot spot =
                    new Spot(
                            random.nextInt(frameWidth - width + 1),
                            random.nextInt(frameHeight - height + 1),
                            width,
                            height);
            if (taken.stream().allMatch(other -> spot.clearOf(other, gap))) {
                taken.add(spot);
                return Optional.of(spot);
            }
        }
        return Optional.empty();
    }
}
