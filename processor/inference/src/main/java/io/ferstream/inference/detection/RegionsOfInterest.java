package io.ferstream.inference.detection;

import io.ferstream.inference.image.PixelBox;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Where in a camera's picture faces count: polygons in coordinates normalised to the frame (0..1, x
 * to the right, y down). Tiles are laid only over them and a face whose centre lies outside them is
 * ignored. Empty means the whole frame. Immutable.
 *
 * <p>Written as text, one region per {@code ;}: a rectangle {@code x,y,w,h}, or a polygon {@code
 * poly:x1 y1,x2 y2,x3 y3[,...]}. For example {@code 0,0.3,0.5,0.7;poly:0.6 0.2,1 0.2,1 1}.
 */
public final class RegionsOfInterest implements Serializable {

    private static final long serialVersionUID = 1L;

    /** No region: the whole frame. */
    public static final RegionsOfInterest EVERYWHERE = new RegionsOfInterest(List.of(), "");

    private final List<double[][]> polygons; // each: points as {x, y}
    private final String text;

    private RegionsOfInterest(List<double[][]> polygons, String text) {
        this.polygons = List.copyOf(polygons);
        this.text = text;
    }

    /** Reads the text form; throws with what is wrong and how to write it. */
    public static RegionsOfInterest parse(String text) {
        if (text == null || text.isBlank()) {
            return EVERYWHERE;
        }
        List<double[][]> polygons = new ArrayList<>();
        for (String part : text.split(";")) {
            String region = part.trim().toLowerCase(Locale.ROOT);
            if (region.isEmpty()) {
                continue;
            }
            polygons.add(
                    region.startsWith("poly:") ? polygon(region.substring(5)) : rectangle(region));
        }
        return polygons.isEmpty() ? EVERYWHERE : new RegionsOfInterest(polygons, text.trim());
    }

    private static double[][] rectangle(String region) {
        String[] v = region.split(",");
        if (v.length != 4) {
            throw invalid(region, "a rectangle is x,y,w,h");
        }
        double x = number(v[0], region);
        double y = number(v[1], region);
        double w = number(v[2], region);
        double h = number(v[3], region);
        if (w <= 0 || h <= 0 || x + w > 1.0000001 || y + h > 1.0000001) {
            throw invalid(region, "a rectangle needs a positive size and must lie within 0..1");
        }
        return new double[][] {{x, y}, {x + w, y}, {x + w, y + h}, {x, y + h}};
    }

    private static double[][] polygon(String region) {
        String[] points = region.split(",");
        if (points.length < 3) {
            throw invalid(region, "a polygon needs at least three points 'x y'");
        }
        double[][] polygon = new double[points.length][];
        for (int i = 0; i < points.length; i++) {
            String[] xy = points[i].trim().split("\\s+");
            if (xy.length != 2) {
                throw invalid(region, "each point of a polygon is 'x y'");
            }
            polygon[i] = new double[] {number(xy[0], region), number(xy[1], region)};
        }
        return polygon;
    }

    private static double number(String text, String region) {
        try {
            double v = Double.parseDouble(text.trim());
            if (v >= 0 && v <= 1) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw invalid(region, "coordinates are fractions of the frame, from 0 to 1");
    }

    private static IllegalArgumentException invalid(String region, String rule) {
        return new IllegalArgumentException(
                "'"
                        + region
                        + "' is not a region: "
                        + rule
                        + " (regions are separated by ';', e.g. 0,0.3,0.5,0.7;poly:0.6 0.2,1 0.2,1"
                        + " 1)");
    }

    public boolean everywhere() {
        return polygons.isEmpty();
    }

    /** Whether the normalised point (x, y) lies in a region (always, when there is none). */
    public boolean contains(double x, double y) {
        if (everywhere()) {
            return true;
        }
        for (double[][] polygon : polygons) {
            if (inside(polygon, x, y)) {
                return true;
            }
        }
        return false;
    }

    // even-odd rule; points on the left/top edges count as inside
    private static boolean inside(double[][] polygon, double x, double y) {
        boolean in = false;
        for (int i = 0, j = polygon.length - 1; i < polygon.length; j = i++) {
            double xi = polygon[i][0];
            double yi = polygon[i][1];
            double xj = polygon[j][0];
            double yj = polygon[j][1];
            if ((yi > y) != (yj > y) && x < (xj - xi) * (y - yi) / (yj - yi) + xi) {
                in = !in;
            }
        }
        return in;
    }

    /**
     * The pixel rectangles around each region in a frame of this size (the whole frame if none).
     */
    public List<PixelBox> bounds(int frameWidth, int frameHeight) {
        if (everywhere()) {
            return List.of(new PixelBox(0, 0, frameWidth, frameHeight));
        }
        List<PixelBox> boxes = new ArrayList<>();
        for (double[][] polygon : polygons) {
            double minX = 1;
            double minY = 1;
            double maxX = 0;
            double maxY = 0;
            for (double[] p : polygon) {
                minX = Math.min(minX, p[0]);
                minY = Math.min(minY, p[1]);
                maxX = Math.max(maxX, p[0]);
                maxY = Math.max(maxY, p[1]);
            }
            int x0 = (int) Math.floor(minX * frameWidth);
            int y0 = (int) Math.floor(minY * frameHeight);
            int x1 = Math.min(frameWidth, (int) Math.ceil(maxX * frameWidth));
            int y1 = Math.min(frameHeight, (int) Math.ceil(maxY * frameHeight));
            if (x1 > x0 && y1 > y0) {
                boxes.add(new PixelBox(x0, y0, x1 - x0, y1 - y0));
            }
        }
        return boxes;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RegionsOfInterest other && text.equals(other.text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }

    @Override
    public String toString() {
        return everywhere() ? "everywhere" : text;
    }
}
