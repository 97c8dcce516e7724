package io.ferstream.inference.detection;

import io.ferstream.inference.image.PixelBox;

/**
 * One look of the detector at a frame: a region, resized to the detector's input.
 *
 * @param region the frame pixels the detector sees
 * @param innerEdges which of the region's edges are a tile's edges inside the frame or region of
 *     interest ({@link #LEFT}, {@link #TOP}, {@link #RIGHT}, {@link #BOTTOM} or'ed together): a
 *     face cut there lies whole in a neighbouring tile, so such fragments are dropped
 * @param largestFace the widest face this look reports, in frame pixels: larger ones are a coarser
 *     look's to find (a fine tile sees only part of a large face and may take a part for a face)
 */
public record DetectionView(PixelBox region, int innerEdges, double largestFace) {

    public static final int LEFT = 1;
    public static final int TOP = 2;
    public static final int RIGHT = 4;
    public static final int BOTTOM = 8;

    /** The whole of {@code region}: nothing is dropped. */
    public static DetectionView whole(PixelBox region) {
        return new DetectionView(region, 0, Double.POSITIVE_INFINITY);
    }

    /** Whether this look is a tile (it reports faces up to a size only), not a whole look. */
    public boolean tile() {
        return largestFace != Double.POSITIVE_INFINITY;
    }
}
