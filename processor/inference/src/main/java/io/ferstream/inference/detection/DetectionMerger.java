package io.ferstream.inference.detection;

import io.ferstream.inference.Detection;
import io.ferstream.inference.image.PixelBox;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Turns what the detector found in each look at a frame into the frame's faces: drops what a look
 * reports beyond its largest face, the fragments tiles cut at their inner edges and tile detections
 * at or below the tile score threshold (many looks at a frame are many chances for a false
 * positive, so each tile must be surer than the one whole look), drops faces whose centre lies
 * outside the regions of interest, then keeps one box per face across looks and levels (greedy,
 * best score first: a box is dropped when it overlaps a better one by more than the IoU threshold,
 * or lies mostly inside it, as the same face found at two scales does). Pure and thread-safe.
 */
public final class DetectionMerger {

    /** Share of the smaller box inside the bigger beyond which two boxes are one face. */
    private static final double CONTAINED = 0.7;

    private final double iouThreshold;
    private final int maxDetections;
    private final double tileScoreThreshold;

    /**
     * @param tileScoreThreshold the score a detection in a tile must exceed; the whole look keeps
     *     what the detector's own threshold kept
     */
    public DetectionMerger(double iouThreshold, int maxDetections, double tileScoreThreshold) {
        this.iouThreshold = iouThreshold;
        this.maxDetections = maxDetections;
        this.tileScoreThreshold = tileScoreThreshold;
    }

    /**
     * @param views the looks, in the order of {@code found}
     * @param found per look, the detections in frame pixels
     */
    public List<Detection> merge(
            List<DetectionView> views,
            List<List<Detection>> found,
            int frameWidth,
            int frameHeight,
            RegionsOfInterest regions) {
        List<Detection> candidates = new ArrayList<>();
        for (int v = 0; v < views.size(); v++) {
            DetectionView view = views.get(v);
            for (Detection d : found.get(v)) {
                double cx = (d.x() + d.width() / 2) / frameWidth;
                double cy = (d.y() + d.height() / 2) / frameHeight;
                if (d.width() <= view.largestFace()
                        && (!view.tile() || d.score() > tileScoreThreshold)
                        && !isFragment(view, d)
                        && regions.contains(cx, cy)) {
                    candidates.add(d);
                }
            }
        }
        candidates.sort(Comparator.comparingDouble(Detection::score).reversed());
        List<Detection> kept = new ArrayList<>();
        for (Detection candidate : candidates) {
            if (kept.size() >= maxDetections) {
                break;
            }
            if (kept.stream().noneMatch(better -> sameFace(better, candidate))) {
                kept.add(candidate);
            }
        }
        return kept;
    }

    /** A box a tile cut at one of its inner edges: it reaches within the margin of that edge. */
    static boolean isFragment(DetectionView view, Detection d) {
        int inner = view.innerEdges();
        if (inner == 0) {
            return false;
        }
        PixelBox r = view.region();
        int margin = TilePlanner.edgeMargin(Math.max(r.width(), r.height()));
        return (inner & DetectionView.LEFT) != 0 && d.x() < r.x() + margin
                || (inner & DetectionView.TOP) != 0 && d.y() < r.y() + margin
                || (inner & DetectionView.RIGHT) != 0 && d.right() > r.x() + r.width() - margin
                || (inner & DetectionView.BOTTOM) != 0 && d.bottom() > r.y() + r.height() - margin;
    }

    private boolean sameFace(Detection a, Detection b) {
        if (a.iou(b) > iouThreshold) {
            return true;
        }
        double w = Math.max(0, Math.min(a.right(), b.right()) - Math.max(a.x(), b.x()));
        double h = Math.max(0, Math.min(a.bottom(), b.bottom()) - Math.max(a.y(), b.y()));
        double smaller = Math.min(a.area(), b.area());
        return smaller > 0 && w * h / smaller > CONTAINED;
    }
}
