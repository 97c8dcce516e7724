package io.ferstream.viewer.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ferstream.viewer.model.NormalizedBox;
import io.ferstream.viewer.model.NormalizedBox.PixelRect;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class FaceBlurTest {

    /** Mean absolute difference of horizontally and vertically adjacent grey values. */
    static double highFrequencyEnergy(BufferedImage image, PixelRect r) {
        double sum = 0;
        long n = 0;
        for (int y = r.y(); y < r.y() + r.height() - 1; y++) {
            for (int x = r.x(); x < r.x() + r.width() - 1; x++) {
                int g = grey(image.getRGB(x, y));
                sum += Math.abs(g - grey(image.getRGB(x + 1, y)));
                sum += Math.abs(g - grey(image.getRGB(x, y + 1)));
                n += 2;
            }
        }
        return sum / n;
    }

    static int grey(int rgb) {
        return (((rgb >> 16) & 0xff) * 299 + ((rgb >> 8) & 0xff) * 587 + (rgb & 0xff) * 114) / 1000;
    }

    static BufferedImage noise(int w, int h, long seed) {
        Random random = new Random(seed);
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                image.setRGB(x, y, random.nextInt(1 << 24));
            }
        }
        return image;
    }

    @Test
    void shouldLeaveNoDetailInsideTheRegionAndTouchNothingOutside() {
        BufferedImage image = noise(200, 100, 1);
        BufferedImage original = noise(200, 100, 1);
        PixelRect face = new PixelRect(40, 20, 60, 50);
        double before = highFrequencyEnergy(image, face);

        FaceBlur.blur(image, face);

        double after = highFrequencyEnergy(image, face);
        assertTrue(before > 50, "noise is all detail: " + before);
        assertTrue(after < before / 20, "blurred: " + after + " vs " + before);
        for (int y = 0; y < 100; y++) {
            for (int x = 0; x < 200; x++) {
                boolean inside = x >= 40 && x < 100 && y >= 20 && y < 70;
                if (!inside) {
                    assertEquals(original.getRGB(x, y), image.getRGB(x, y), "at " + x + "," + y);
                }
            }
        }
    }

    @Test
    void shouldBlurBoxesThroughAJpegRoundTrip() throws Exception {
        // What a browser gets: decoded, blurred, encoded again.
        BufferedImage image = noise(320, 240, 2);
        java.io.ByteArrayOutputStream jpeg = new java.io.ByteArrayOutputStream();
        ImageIO.write(image, "jpeg", jpeg);
        NormalizedBox box = new NormalizedBox(0.25, 0.25, 0.5, 0.5);

        FrameRenderer.Rendered blurred =
                new FrameRenderer(960, 0.8f).render(jpeg.toByteArray(), List.of(box), false);
        FrameRenderer.Rendered shown =
                new FrameRenderer(960, 0.8f).render(jpeg.toByteArray(), List.of(box), true);

        PixelRect inner = box.toPixels(320, 240);
        double blurredEnergy = highFrequencyEnergy(read(blurred.jpeg()), inner);
        double shownEnergy = highFrequencyEnergy(read(shown.jpeg()), inner);
        assertTrue(blurred.blurred());
        assertTrue(
                blurredEnergy < shownEnergy / 10,
                "blurred " + blurredEnergy + " vs shown " + shownEnergy);
    }

    @Test
    void shouldDownscaleWideFramesWhileDecoding() throws Exception {
        java.io.ByteArrayOutputStream jpeg = new java.io.ByteArrayOutputStream();
        ImageIO.write(noise(1920, 1080, 3), "jpeg", jpeg);

        FrameRenderer.Rendered r =
                new FrameRenderer(960, 0.8f).render(jpeg.toByteArray(), List.of(), false);

        assertEquals(960, r.width());
        assertEquals(540, r.height());
    }

    private static BufferedImage read(byte[] jpeg) throws Exception {
        return ImageIO.read(new ByteArrayInputStream(jpeg));
    }
}
