package io.ferstream.inference.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ferstream.inference.image.RgbImage;
import io.ferstream.inference.model.ModelsDirectory;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import javax.imageio.ImageIO;

/** Access to the committed models and fixtures under the repository's {@code models/} folder. */
public final class Fixtures {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private Fixtures() {}

    public static Path models() {
        return ModelsDirectory.locate();
    }

    public static Path fixture(String name) {
        return models().resolve("fixtures").resolve(name);
    }

    public static Path reference(String name) {
        return models().resolve("fixtures").resolve("reference").resolve(name);
    }

    /** Every JPEG fixture photo (models/fixtures/*.jpg), sorted by name. */
    public static List<Path> jpegs() {
        try (Stream<Path> files = Files.list(models().resolve("fixtures"))) {
            return files.filter(f -> f.toString().endsWith(".jpg")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static byte[] bytes(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static JsonNode json(Path file) {
        try {
            return MAPPER.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Lossless pixels of a PNG, through ImageIO (no OpenCV involved). */
    public static RgbImage png(Path file) {
        try {
            BufferedImage image = ImageIO.read(file.toFile());
            int w = image.getWidth();
            int h = image.getHeight();
            byte[] rgb = new byte[w * h * 3];
            for (int y = 0, o = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    int p = image.getRGB(x, y);
                    rgb[o++] = (byte) (p >> 16);
                    rgb[o++] = (byte) (p >> 8);
                    rgb[o++] = (byte) p;
                }
            }
            return new RgbImage(w, h, rgb);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A gzipped little-endian float32 tensor written by models/face-api/reference.mjs. */
    public static float[] f32gz(Path file) {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
            byte[] raw = in.readAllBytes();
            float[] values = new float[raw.length / 4];
            ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);
            return values;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static float maxAbsDiff(float[] a, float[] b) {
        if (a.length != b.length) {
            throw new AssertionError("lengths differ: " + a.length + " vs " + b.length);
        }
        float max = 0;
        for (int i = 0; i < a.length; i++) {
            max = Math.max(max, Math.abs(a[i] - b[i]));
        }
        return max;
    }
}
