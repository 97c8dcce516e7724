package io.ferstream.scenes;

import io.ferstream.inference.image.RgbImage;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

/** JPEG bytes to and from {@link RgbImage}, through ImageIO (no native code). */
public final class Jpeg {

    /** What a camera typically sends. */
    public static final float CAMERA_QUALITY = 0.9f;

    private Jpeg() {}

    /** Baseline JPEG at {@code quality} (0..1), ImageIO's default 4:2:0 chroma subsampling. */
    public static byte[] encode(RgbImage image, float quality) {
        if (!(quality > 0 && quality <= 1)) {
            throw new IllegalArgumentException("JPEG quality is in (0, 1], got " + quality);
        }
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
            writer.setOutput(out);
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(quality);
            writer.write(null, new IIOImage(BufferedImages.of(image), null, null), param);
        } catch (IOException e) {
            throw new UncheckedIOException("JPEG encoding failed", e);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }

    public static RgbImage decode(byte[] jpeg) {
        try {
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(jpeg));
            if (image == null) {
                throw new IllegalArgumentException("not an image ImageIO can read");
            }
            return BufferedImages.toRgbImage(image);
        } catch (IOException e) {
            throw new UncheckedIOException("JPEG decoding failed", e);
        }
    }
}
