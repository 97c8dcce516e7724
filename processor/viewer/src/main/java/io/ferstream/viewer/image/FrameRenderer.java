package io.ferstream.viewer.image;

import io.ferstream.viewer.model.NormalizedBox;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Iterator;
import java.util.List;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.ImageOutputStream;

/**
 * Turns a camera's JPEG into the JPEG a browser gets: decoded (subsampled while decoding when wider
 * than {@code maxWidth}, which is also what makes large frames cheap), the privacy regions blurred,
 * encoded again. The browser never gets the camera's own bytes: even with faces shown, what it gets
 * was decoded and re-encoded here, so no metadata of the camera's file passes through.
 */
public final class FrameRenderer {

    /**
     * A frame ready for the browser.
     *
     * @param blurred whether faces were blurred
     * @param regions how many regions were blurred
     * @param wholeFrameBlurred whether the whole frame was blurred (its faces were not known)
     */
    public record Rendered(
            int width,
            int height,
            byte[] jpeg,
            boolean blurred,
            int regions,
            boolean wholeFrameBlurred) {}

    private final int maxWidth;
    private final float quality;

    public FrameRenderer(int maxWidth, float quality) {
        if (maxWidth < 16) {
            throw new IllegalArgumentException("maxWidth must be >= 16, was " + maxWidth);
        }
        if (!(quality > 0 && quality <= 1)) {
            throw new IllegalArgumentException("JPEG quality must be in (0, 1], was " + quality);
        }
        this.maxWidth = maxWidth;
        this.quality = quality;
    }

    /**
     * Renders {@code jpeg}; blurs {@code regions} unless {@code showFaces}.
     *
     * @throws IOException when the image cannot be decoded (the message names no pixel)
     */
    public Rendered render(byte[] jpeg, List<NormalizedBox> regions, boolean showFaces)
            throws IOException {
        BufferedImage image = decode(jpeg);
        if (!showFaces) {
            FaceBlur.blurBoxes(image, regions);
        }
        return new Rendered(
                image.getWidth(),
                image.getHeight(),
                encode(image),
                !showFaces,
                showFaces ? 0 : regions.size(),
                false);
    }

    /** Renders {@code jpeg} blurred all over: its faces are not known. */
    public Rendered renderAllBlurred(byte[] jpeg) throws IOException {
        BufferedImage image = decode(jpeg);
        FaceBlur.blurWhole(image);
        return new Rendered(image.getWidth(), image.getHeight(), encode(image), true, 0, true);
    }

    BufferedImage decode(byte[] jpeg) throws IOException {
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(jpeg))) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw new IOException("not an image ImageIO can read");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                int width = reader.getWidth(0);
                ImageReadParam param = reader.getDefaultReadParam();
                int step = Math.max(1, (int) Math.ceil(width / (double) maxWidth));
                if (step > 1) {
                    param.setSourceSubsampling(step, step, 0, 0);
                }
                BufferedImage decoded = reader.read(0, param);
                return decoded.getType() == BufferedImage.TYPE_3BYTE_BGR
                                || decoded.getType() == BufferedImage.TYPE_INT_RGB
                        ? decoded
                        : toRgb(decoded);
            } finally {
                reader.dispose();
            }
        }
    }

    private static BufferedImage toRgb(BufferedImage image) {
        BufferedImage rgb =
                new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
        rgb.createGraphics().drawImage(image, 0, 0, null);
        return rgb;
    }

    private byte[] encode(BufferedImage image) throws IOException {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 * 1024);
        try (ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
            writer.setOutput(out);
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(quality);
            writer.write(null, new IIOImage(image, null, null), param);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }
}
