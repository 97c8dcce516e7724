package io.ferstream.inference.detection;

import io.ferstream.inference.image.PixelBox;
import java.util.ArrayList;
import java.util.List;

/**
 * Lays the detector's looks over a frame so that faces down to the smallest one asked for are found
 * (the slicing idea of SAHI, as a pyramid). The detector sees each look resized to its input side S
 * and finds faces of at least m pixels there, so a look of side L finds faces from {@code m * L /
 * S} pixels of the frame:
 *
 * <ol>
 *   <li>the whole frame (or each region of interest) finds the large faces;
 *   <li>then levels of square tiles, each half the side of the one before, down to the side that
 *       finds the smallest face asked for ({@code minFacePx * S / m});
 *   <li>neighbouring tiles of a level overlap by more than the largest face the level before may
 *       miss, plus a margin at each side, so every face a level must find lies whole in one of its
 *       tiles, clear of that tile's inner edges. A face a tile cuts at an inner edge is a fragment
 *       and is dropped ({@link DetectionMerger}); it lies whole in a neighbour;
 *   <li>a tile reports faces up to twice the smallest face of the coarser look only: larger ones
 *       the coarser look finds whole, where a tile would see only part of them.
 * </ol>
 *
 * Pure and thread-safe.
 */
public final class TilePlanner {

    /** Overlap beyond the largest face a coarser level may miss, as a factor. */
    private static final double OVERLAP_FACTOR = 1.2;

    /**
     * A tile reports faces up to this many times the smallest face the coarser look finds: beyond
     * that the coarser look finds them whole, and a tile would only add parts of them.
     */
    private static final double LARGEST_FACE_FACTOR = 2.0;

    private final int inputSide;
    private final double minFaceInput;

    /**
     * @param inputSide the detector's square input side, in pixels (416 for TinyFaceDetector)
     * @param minFaceInput the smallest face the detector finds, in pixels of its input
     */
    public TilePlanner(int inputSide, double minFaceInput) {
        if (inputSide < 1 || !(minFaceInput > 0) || minFaceInput >= inputSide) {
            throw new IllegalArgumentException(
                    "the detector's input side must exceed its smallest face, got "
                            + inputSide
                            + " and "
                            + minFaceInput);
        }
        this.inputSide = inputSide;
        this.minFaceInput = minFaceInput;
    }

    /** The looks for a frame of this size under {@code settings}, coarsest first. */
    public List<DetectionView> plan(int frameWidth, int frameHeight, DetectionSettings settings) {
        List<DetectionView> views = new ArrayList<>();
        for (PixelBox region : settings.regions().bounds(frameWidth, frameHeight)) {
            views.add(DetectionView.whole(region));
            if (settings.minFacePx() > 0) {
                addTiles(region, settings.minFacePx(), views);
            }
        }
        return views;
    }

    /** The smallest face the whole-region look finds in a region whose longer side is this. */
    public double smallestFaceOfWholeLook(int side) {
        return minFaceInput * side / inputSide;
    }

    /** How close to an inner edge of a tile of this side a box may come before it is a fragment. */
    public static int edgeMargin(int tileSide) {
        return Math.max(2, (int) Math.round(0.02 * tileSide));
    }

    private void addTiles(PixelBox region, int minFacePx, List<DetectionView> views) {
        int side = Math.max(region.width(), region.height());
        int finest = Math.max(1, (int) Math.floor(minFacePx * inputSide / minFaceInput));
        double missed = smallestFaceOfWholeLook(side); // the largest face a coarser look may miss
        int tile = side;
        while (tile > finest) {
            tile = Math.max(finest, tile / 2);
            int overlap = (int) Math.ceil(OVERLAP_FACTOR * missed) + 2 * edgeMargin(tile);
            if (overlap >= tile) {
                // Too small a tile for the faces the coarser look misses: not reachable with the
                // halving above (the overlap stays near a quarter of the tile), kept as a guard.
                throw new IllegalStateException(
                        "tiles of " + tile + " px cannot overlap by " + overlap + " px");
            }
            int[] xs = positions(region.width(), tile, overlap);
            int[] ys = positions(region.height(), tile, overlap);
            int tileWidth = Math.min(tile, region.width());
            int tileHeight = Math.min(tile, region.height());
            for (int y : ys) {
                for (int x : xs) {
                    int inner =
                            (x > 0 ? DetectionView.LEFT : 0)
                                    | (y > 0 ? DetectionView.TOP : 0)
                                    | (x + tileWidth < region.width() ? DetectionView.RIGHT : 0)
                                    | (y + tileHeight < region.height() ? DetectionView.BOTTOM : 0);
                    views.add(
                            new DetectionView(
                                    new PixelBox(
                                            region.x() + x, region.y() + y, tileWidth, tileHeight),
                                    inner,
                                    LARGEST_FACE_FACTOR * missed));
                }
            }
            missed = minFaceInput * tile / inputSide;
        }
    }

    /**
     * Starts of tiles of {@code tile} covering {@code length} with at least {@code overlap} between
     * neighbours, spread evenly, the last flush with the end.
     */
    static int[] positions(int length, int tile, int overlap) {
        if (tile >= length) {
            return new int[] {0};
        }
        int stride = tile - overlap;
        int count = (int) Math.ceil((length - tile) / (double) stride) + 1;
        int[] starts = new int[count];
        for (int i = 0; i < count; i++) {
            starts[i] = (int) Math.round(i * (length - tile) / (double) (count - 1));
        }
        return starts;
    }
}
