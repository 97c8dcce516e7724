package io.ferstream.scenes;

import java.util.ArrayList;
import java.util.List;

/**
 * A piece of a fixture photo to paste into scenes: a rectangle of the photo, the reference faces it
 * holds (in its own coordinates) and how far in from each edge it fades into the background. A face
 * is cut with a margin of context (hair, ears, chin, some neck) because the detector judges a face
 * by its surroundings too: a bare box pasted on ice is not what a camera sees. Immutable.
 */
public final class Cutout {

    /**
     * Context kept around a face, as shares of its reference box (face-api's box ends at the
     * brows).
     */
    static final double SIDE_MARGIN = 0.4;

    static final double TOP_MARGIN = 0.5;
    static final double BOTTOM_MARGIN = 0.4;

    /**
     * The outer share of each margin that fades into the background; the face itself stays opaque.
     */
    static final double FADING_SHARE = 0.6;

    /** How far a whole photo fades at its edges, as a share of its shorter side. */
    static final double PHOTO_FADE = 0.015;

    private static final int LEFT = 0;
    private static final int TOP = 1;
    private static final int RIGHT = 2;
    private static final int BOTTOM = 3;

    private final String name;
    private final Pixels photo;
    private final int x;
    private final int y;
    private final int width;
    private final int height;
    private final List<FaceBox> faces;
    private final double[] fade; // per edge (LEFT, TOP, RIGHT, BOTTOM), source pixels
    private final double contextKept;

    private Cutout(
            String name,
            Pixels photo,
            int x,
            int y,
            int width,
            int height,
            List<FaceBox> faces,
            double[] fade,
            double contextKept) {
        this.name = name;
        this.photo = photo;
        this.x = x;
        this.y = y;
        this.width = width;
        this.height = height;
        this.faces = List.copyOf(faces);
        this.fade = fade;
        this.contextKept = contextKept;
    }

    /**
     * One face of a photo with its margin of context, clipped to the photo and kept clear of the
     * photo's other reference faces (their boxes would be faces without a truth box in the scene).
     */
    static Cutout aroundFace(String name, Pixels photo, FaceBox face, List<FaceBox> others) {
        double x0 = Math.max(0, face.x() - SIDE_MARGIN * face.width());
        double y0 = Math.max(0, face.y() - TOP_MARGIN * face.height());
        double x1 = Math.min(photo.width, face.right() + SIDE_MARGIN * face.width());
        double y1 = Math.min(photo.height, face.bottom() + BOTTOM_MARGIN * face.height());
        for (FaceBox other : others) {
            if (other.equals(face) || !other.overlaps(new FaceBox(x0, y0, x1 - x0, y1 - y0))) {
                continue;
            }
            // cut on the side where the neighbour lies furthest from the face
            double left = face.x() - other.right();
            double right = other.x() - face.right();
            double above = face.y() - other.bottom();
            double below = other.y() - face.bottom();
            double furthest = Math.max(Math.max(left, right), Math.max(above, below));
            if (furthest <= 0) {
                continue; // overlapping reference boxes: nothing sensible to cut
            } else if (furthest == left) {
                x0 = Math.max(x0, other.right());
            } else if (furthest == right) {
                x1 = Math.min(x1, other.x());
            } else if (furthest == above) {
                y0 = Math.max(y0, other.bottom());
            } else {
                y1 = Math.min(y1, other.y());
            }
        }
        int left = (int) Math.ceil(x0);
        int top = (int) Math.ceil(y0);
        int right = (int) Math.floor(x1);
        int bottom = (int) Math.floor(y1);
        double[] margins = {
            Math.max(0, face.x() - left),
            Math.max(0, face.y() - top),
            Math.max(0, right - face.right()),
            Math.max(0, bottom - face.bottom())
        };
        double[] asked = {
            SIDE_MARGIN * face.width(),
            TOP_MARGIN * face.height(),
            SIDE_MARGIN * face.width(),
            BOTTOM_MARGIN * face.height()
        };
        double kept = 1;
        double[] fade = new double[4];
        for (int edge = 0; edge < 4; edge++) {
            kept = Math.min(kept, margins[edge] / asked[edge]);
            fade[edge] = FADING_SHARE * margins[edge];
        }
        return new Cutout(
                name,
                photo,
                left,
                top,
                right - left,
                bottom - top,
                List.of(face.translated(-left, -top)),
                fade,
                kept);
    }

    /** A whole photo with all its reference faces, its edges softened a little. */
    static Cutout wholePhoto(String name, Pixels photo, List<FaceBox> faces) {
        double edge = PHOTO_FADE * Math.min(photo.width, photo.height);
        return new Cutout(
                name,
                photo,
                0,
                0,
                photo.width,
                photo.height,
                faces,
                new double[] {edge, edge, edge, edge},
                1);
    }

    /**
     * The cutout scaled by {@code scale} (area-averaged when shrinking), mirrored left to right if
     * asked, with its fading edges as alpha.
     */
    Sprite render(double scale, boolean mirror) {
        Pixels region = photo.crop(x, y, width, height);
        List<FaceBox> boxes = faces;
        double[] edges = fade.clone();
        if (mirror) {
            region = region.mirrored();
            boxes = new ArrayList<>();
            for (FaceBox face : faces) {
                boxes.add(face.mirrored(width));
            }
            edges[LEFT] = fade[RIGHT];
            edges[RIGHT] = fade[LEFT];
        }
        Pixels scaled = Resampler.resize(region, scale);
        List<FaceBox> scaledBoxes = new ArrayList<>();
        for (FaceBox face : boxes) {
            scaledBoxes.add(face.scaled(scale));
        }
        return new Sprite(scaled, alpha(scaled.width, scaled.height, edges, scale), scaledBoxes);
    }

    private static float[] alpha(int w, int h, double[] edges, double scale) {
        float[] across = new float[w];
        for (int i = 0; i < w; i++) {
            double centre = i + 0.5;
            across[i] = ramp(centre, edges[LEFT] * scale) * ramp(w - centre, edges[RIGHT] * scale);
        }
        float[] alpha = new float[w * h];
        for (int j = 0; j < h; j++) {
            double centre = j + 0.5;
            float down = ramp(centre, edges[TOP] * scale) * ramp(h - centre, edges[BOTTOM] * scale);
            for (int i = 0; i < w; i++) {
                alpha[j * w + i] = down * across[i];
            }
        }
        return alpha;
    }

    /** 0 at an edge, rising smoothly to 1 at {@code width} in from it; 1 throughout if no fade. */
    private static float ramp(double distance, double width) {
        if (width <= 0 || distance >= width) {
            return 1;
        }
        double t = Math.max(0, distance / width);
        return (float) (t * t * (3 - 2 * t));
    }

    public String name() {
        return name;
    }

    /** The reference faces, in the cutout's own pixels. */
    public List<FaceBox> faces() {
        return faces;
    }

    /**
     * The width of its (first) reference face: the largest face width it renders without enlarging.
     */
    public double faceWidth() {
        return faces.get(0).width();
    }

    /** The median width of its reference faces. */
    public double medianFaceWidth() {
        double[] widths = faces.stream().mapToDouble(FaceBox::width).sorted().toArray();
        int mid = widths.length / 2;
        return widths.length % 2 == 1 ? widths[mid] : (widths[mid - 1] + widths[mid]) / 2;
    }

    /**
     * The least share of the asked-for context that a face cutout kept on any side (1 when it kept
     * all, less near a photo's edge or a neighbouring face).
     */
    public double contextKept() {
        return contextKept;
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    @Override
    public String toString() {
        return "Cutout[" + name + ", " + width + "x" + height + ", " + faces.size() + " face(s)]";
    }
}
