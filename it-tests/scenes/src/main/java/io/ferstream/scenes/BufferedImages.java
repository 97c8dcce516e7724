package io.ferstream.scenes;

import io.ferstream.inference.image.RgbImage;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;

/**
 * Between java.awt's images (what ImageIO reads and writes) and the pipeline's {@link RgbImage}.
 */
final class BufferedImages {

    private BufferedImages() {}

    static BufferedImage of(RgbImage image) {
        BufferedImage out =
                new BufferedImage(image.width(), image.height(), BufferedImage.TYPE_3BYTE_BGR);
        byte[] bgr = ((DataBufferByte) out.getRaster().getDataBuffer()).getData();
        byte[] rgb = image.rgb();
        for (int i = 0; i < rgb.length; i += 3) {
            bgr[i] = rgb[i + 2];
            bgr[i + 1] = rgb[i + 1];
            bgr[i + 2] = rgb[i];
        }
        return out;
    }

    /** Any ImageIO image (RGB, grey, palette) as 8-bit RGB; alpha, if any, is dropped. */
    static RgbImage toRgbImage(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        int[] argb = image.getRGB(0, 0, w, h, null, 0, w);
        byte[] rgb = new byte[w * h * 3];
        for (int i = 0; i < argb.length; i++) {
            rgb[i * 3] = (byte) (argb[i] >> 16);
            rgb[i * 3 + 1] = (byte) (argb[i] >> 8);
            rgb[i * 3 + 2] = (byte) argb[i];
        }
        return new RgbImage(w, h, rgb);
    }
}
