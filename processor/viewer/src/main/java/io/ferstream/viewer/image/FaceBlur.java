package io.ferstream.viewer.image;

import io.ferstream.viewer.model.NormalizedBox;
import io.ferstream.viewer.model.NormalizedBox.PixelRect;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.List;

/**
 * Makes faces unrecognisable in place: each region is reduced to the mean colours of a coarse grid
 * ({@value #CELLS} cells along its longer side) and stretched back smoothly. Nothing of the face's
 * detail survives (the grid means are all that is left of it), and the smooth stretch leaves no
 * block edges that could be mistaken for features. Pixelation alone keeps sharp cell edges; a
 * Gaussian blur of a small radius can be partly undone: this is neither.
 */
public final class FaceBlur {

    /** Cells along a region's longer side. */
    static final int CELLS = 5;

    private FaceBlur() {}

    /** Blurs every region, given as boxes normalised to the image. */
    public static void blurBoxes(BufferedImage image, List<NormalizedBox> boxes) {
        for (NormalizedBox box : boxes) {
            blur(image, box.toPixels(image.getWidth(), image.getHeight()));
        }
    }

    /**
     * Blurs the whole image ({@value #WHOLE_FRAME_CELLS} cells along its longer side): for a frame
     * whose faces are not known, so that a face of a fifth of the frame keeps about as little
     * detail as a blurred box.
     */
    public static void blurWhole(BufferedImage image) {
        blur(image, new PixelRect(0, 0, image.getWidth(), image.getHeight()), WHOLE_FRAME_CELLS);
    }

    /** Cells along the longer side of a whole frame blurred. */
    static final int WHOLE_FRAME_CELLS = 24;

    /** Blurs one region of {@code image}, in place. */
    public static void blur(BufferedImage image, PixelRect r) {
        blur(image, r, CELLS);
    }

    private static void blur(BufferedImage image, PixelRect r, int cells) {
        if (r.isEmpty()) {
            return;
        }
        int longer = Math.max(r.width(), r.height());
        int cell = Math.max(1, (int) Math.ceil(longer / (double) cells));
        int nx = Math.max(1, (int) Math.ceil(r.width() / (double) cell));
        int ny = Math.max(1, (int) Math.ceil(r.height() / (double) cell));
        int[] pixels = image.getRGB(r.x(), r.y(), r.width(), r.height(), null, 0, r.width());
        long[] red = new long[nx * ny];
        long[] green = new long[nx * ny];
        long[] blue = new long[nx * ny];
        long[] count = new long[nx * ny];
        for (int y = 0; y < r.height(); y++) {
            int row = (y / cell) * nx;
            for (int x = 0; x < r.width(); x++) {
                int rgb = pixels[y * r.width() + x];
                int c = row + x / cell;
                red[c] += (rgb >> 16) & 0xff;
                green[c] += (rgb >> 8) & 0xff;
                blue[c] += rgb & 0xff;
                count[c]++;
            }
        }
        BufferedImage means = new BufferedImage(nx, ny, BufferedImage.TYPE_INT_RGB);
        for (int c = 0; c < count.length; c++) {
            long n = Math.max(1, count[c]);
            int rgb = (int) (red[c] / n) << 16 | (int) (green[c] / n) << 8 | (int) (blue[c] / n);
            means.setRGB(c % nx, c / nx, rgb);
        }
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(
                    RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.drawImage(means, r.x(), r.y(), r.width(), r.height(), null);
        } finally {
            g.dispose();
        }
    }
}
