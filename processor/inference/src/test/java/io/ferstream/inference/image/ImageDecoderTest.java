package io.ferstream.inference.image;

import static io.ferstream.inference.testing.Fixtures.bytes;
import static io.ferstream.inference.testing.Fixtures.fixture;
import static io.ferstream.inference.testing.Fixtures.png;
import static io.ferstream.inference.testing.Fixtures.reference;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ferstream.image.ImageHeader;
import io.ferstream.image.ImageRejectedException;
import io.ferstream.schema.RejectReason;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ImageDecoderTest {

    private final ImageDecoder openCv = new ImageDecoder(ImageDecoderConfig.defaults());
    private final ImageDecoder imageIo =
            new ImageDecoder(ImageDecoderConfig.defaults().withOpenCv(false));

    @Test
    void shouldDecodeJpegToRgbCloseToTheReferenceDecoder() throws Exception {
        // configure: the JPEG and the pixels jpeg-js (face-api's reference decoder) made of it
        byte[] jpeg = bytes(fixture("grace_hopper_512x512.jpg"));
        RgbImage reference = png(reference("grace_hopper_512x512.rgb.png"));

        // act
        RgbImage decoded = openCv.decode(jpeg);

        // verify: RGB order (not OpenCV's BGR) and only small IDCT/upsampling differences
        assertTrue(openCv.usesOpenCv());
        assertEquals(512, decoded.width());
        assertEquals(512, decoded.height());
        assertTrue(
                meanAbsDiff(reference, decoded) < 2.0,
                "mean abs diff " + meanAbsDiff(reference, decoded));
        RgbImage swapped = new RgbImage(512, 512, bgr(decoded.rgb()));
        assertTrue(meanAbsDiff(reference, swapped) > 5.0, "channels are not swapped");
    }

    @Test
    void shouldDecodeAJpegAtAQuarterOfItsSizeCloseToTheFullDecodeAveraged() throws Exception {
        // configure
        byte[] jpeg = bytes(fixture("sample1.jpg"));
        ImageHeader header = ImageHeader.read(jpeg);
        ImageDecoder reducing = new ImageDecoder(ImageDecoderConfig.defaults().withMaxDownscale(4));
        RgbImage averaged = averaged(openCv.decode(jpeg), 4);

        // act
        RgbImage quarter = reducing.decode(jpeg, header, 4);

        // verify: libjpeg's rounded-up size, RGB order, and pixels close to 4x4 means of the full
        assertEquals(4, reducing.maxDownscale(header));
        assertEquals(480, quarter.width());
        assertEquals(320, quarter.height());
        assertTrue(
                meanAbsDiff(averaged, quarter) < 3.0,
                "mean abs diff " + meanAbsDiff(averaged, quarter));
        RgbImage swapped = new RgbImage(480, 320, bgr(quarter.rgb()));
        assertTrue(meanAbsDiff(averaged, swapped) > 5.0, "channels are not swapped");
    }

    @Test
    void shouldOfferReducedScalesOnlyForJpegOnOpenCvUpToTheConfiguredOne() throws Exception {
        ImageHeader jpeg = ImageHeader.read(bytes(fixture("sample1.jpg")));
        ImageHeader png = ImageHeader.read(bytes(fixture("group_416x303.png")));
        ImageDecoderConfig eighth = ImageDecoderConfig.defaults().withMaxDownscale(8);

        assertEquals(8, new ImageDecoder(eighth).maxDownscale(jpeg));
        assertEquals(1, new ImageDecoder(eighth).maxDownscale(png));
        assertEquals(1, new ImageDecoder(eighth.withOpenCv(false)).maxDownscale(jpeg));
        assertEquals(1, openCv.maxDownscale(jpeg));
        assertThrows(
                IllegalArgumentException.class,
                () -> openCv.decode(bytes(fixture("sample1.jpg")), jpeg, 2));
        assertThrows(
                IllegalArgumentException.class,
                () -> ImageDecoderConfig.defaults().withMaxDownscale(3));
    }

    @Test
    void shouldRefuseATruncatedJpegAtAReducedScaleToo() throws Exception {
        byte[] jpeg = bytes(fixture("sample1.jpg"));
        byte[] truncated = Arrays.copyOf(jpeg, jpeg.length / 3);
        ImageDecoder reducing = new ImageDecoder(ImageDecoderConfig.defaults().withMaxDownscale(2));

        ImageRejectedException error =
                assertThrows(
                        ImageRejectedException.class,
                        () -> reducing.decode(truncated, ImageHeader.read(truncated), 2));

        assertEquals(RejectReason.BAD_IMAGE, error.reason());
    }

    /** Means of {@code n}x{@code n} blocks, the last block cut at the edge. */
    private static RgbImage averaged(RgbImage image, int n) {
        int w = (image.width() + n - 1) / n;
        int h = (image.height() + n - 1) / n;
        byte[] out = new byte[w * h * 3];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                for (int c = 0; c < 3; c++) {
                    int sum = 0;
                    int count = 0;
                    for (int dy = 0; dy < n && y * n + dy < image.height(); dy++) {
                        for (int dx = 0; dx < n && x * n + dx < image.width(); dx++) {
                            sum += image.get(x * n + dx, y * n + dy, c);
                            count++;
                        }
                    }
                    out[(y * w + x) * 3 + c] = (byte) Math.round(sum / (double) count);
                }
            }
        }
        return new RgbImage(w, h, out);
    }

    @Test
    void shouldDecodePngLosslessly() throws Exception {
        byte[] file = bytes(fixture("group_416x303.png"));

        RgbImage viaOpenCv = openCv.decode(file);
        RgbImage viaImageIo = imageIo.decode(file);

        assertArrayEquals(png(fixture("group_416x303.png")).rgb(), viaOpenCv.rgb());
        assertArrayEquals(viaOpenCv.rgb(), viaImageIo.rgb());
    }

    @Test
    void shouldFallBackToImageIoWithTheSameResultShape() throws Exception {
        byte[] jpeg = bytes(fixture("grace_hopper_512x512.jpg"));

        RgbImage decoded = imageIo.decode(jpeg);

        assertFalse(imageIo.usesOpenCv());
        assertTrue(meanAbsDiff(png(reference("grace_hopper_512x512.rgb.png")), decoded) < 2.0);
    }

    @Test
    void shouldReadDimensionsFromHeadersOnly() throws Exception {
        ImageHeader jpeg = ImageHeader.read(bytes(fixture("640px-IceBlockNearJoekullsarlon.jpg")));
        ImageHeader pngHeader = ImageHeader.read(bytes(fixture("group_416x303.png")));

        assertEquals(new ImageHeader(640, 427, ImageHeader.Format.JPEG), jpeg);
        assertEquals(new ImageHeader(416, 303, ImageHeader.Format.PNG), pngHeader);
    }

    @Test
    void shouldRefuseATruncatedJpeg() {
        byte[] jpeg = bytes(fixture("grace_hopper_512x512.jpg"));
        byte[] truncated = Arrays.copyOf(jpeg, jpeg.length / 2);

        ImageRejectedException error =
                assertThrows(ImageRejectedException.class, () -> openCv.decode(truncated));

        assertEquals(RejectReason.BAD_IMAGE, error.reason());
    }

    @Test
    void shouldRefuseAJpegCutInsideItsHeader() {
        byte[] jpeg = bytes(fixture("grace_hopper_512x512.jpg"));

        ImageRejectedException error =
                assertThrows(
                        ImageRejectedException.class, () -> openCv.decode(Arrays.copyOf(jpeg, 30)));

        assertEquals(RejectReason.BAD_IMAGE, error.reason());
    }

    @Test
    void shouldRefuseATruncatedPng() {
        byte[] file = bytes(fixture("group_416x303.png"));

        ImageRejectedException error =
                assertThrows(
                        ImageRejectedException.class,
                        () -> openCv.decode(Arrays.copyOf(file, file.length - 100)));

        assertEquals(RejectReason.BAD_IMAGE, error.reason());
    }

    @Test
    void shouldRefuseRandomBytesAndEmptyInput() {
        byte[] noise = new byte[4096];
        new Random(42).nextBytes(noise);

        assertEquals(
                RejectReason.BAD_IMAGE,
                assertThrows(ImageRejectedException.class, () -> openCv.decode(noise)).reason());
        assertEquals(
                RejectReason.BAD_IMAGE,
                assertThrows(ImageRejectedException.class, () -> openCv.decode(new byte[0]))
                        .reason());
        assertEquals(
                RejectReason.BAD_IMAGE,
                assertThrows(ImageRejectedException.class, () -> openCv.decode(null)).reason());
    }

    @Test
    void shouldNotCrashOnAJpegWithCorruptScanData() {
        // configure: valid headers, garbage where the entropy-coded data should be, a proper end
        // marker
        byte[] jpeg = bytes(fixture("grace_hopper_512x512.jpg")).clone();
        Random random = new Random(7);
        for (int i = 700; i < jpeg.length - 2; i++) {
            jpeg[i] = (byte) random.nextInt(256);
        }
        jpeg[jpeg.length - 2] = (byte) 0xFF;
        jpeg[jpeg.length - 1] = (byte) 0xD9;

        // act: either decoder may give up or produce noise, but never crash or hang
        try {
            RgbImage image = openCv.decode(jpeg);
            assertEquals(512, image.width());
        } catch (ImageRejectedException e) {
            assertEquals(RejectReason.BAD_IMAGE, e.reason());
        }
    }

    @Test
    void shouldRefuseImagesOverTheByteLimitBeforeDecoding() {
        ImageDecoder small =
                new ImageDecoder(
                        ImageDecoderConfig.defaults()
                                .withLimits(
                                        ImageDecoderConfig.defaults()
                                                .limits()
                                                .withMaxBytes(10_000)));

        ImageRejectedException error =
                assertThrows(
                        ImageRejectedException.class,
                        () -> small.decode(bytes(fixture("grace_hopper_512x512.jpg"))));

        assertEquals(RejectReason.IMAGE_TOO_LARGE, error.reason());
    }

    @Test
    void shouldRefuseADecompressionBombFromItsHeaderAlone() {
        // configure: a tiny JPEG whose frame header claims 60000 x 60000 pixels (3.6 gigapixels)
        byte[] bomb = {
            (byte) 0xFF,
            (byte) 0xD8,
            (byte) 0xFF,
            (byte) 0xC0,
            0,
            11,
            8,
            (byte) 0xEA,
            0x60,
            (byte) 0xEA,
            0x60,
            1,
            1,
            0x11,
            0,
            (byte) 0xFF,
            (byte) 0xD9
        };

        ImageRejectedException error =
                assertThrows(ImageRejectedException.class, () -> openCv.decode(bomb));

        assertEquals(RejectReason.IMAGE_TOO_LARGE, error.reason());
        assertTrue(error.getMessage().contains("60000x60000"), error.getMessage());
    }

    @Test
    void shouldRefuseImagesOverTheSizeLimitBeforeDecoding() {
        ImageDecoder small =
                new ImageDecoder(
                        ImageDecoderConfig.defaults()
                                .withLimits(
                                        ImageDecoderConfig.defaults()
                                                .limits()
                                                .withMaxSize(640, 480)));

        ImageRejectedException error =
                assertThrows(
                        ImageRejectedException.class,
                        () -> small.decode(bytes(fixture("sample1.jpg"))));

        assertEquals(RejectReason.IMAGE_TOO_LARGE, error.reason());
        assertTrue(error.getMessage().contains("over the limit of 640x480"), error.getMessage());
    }

    @Test
    void shouldNameOtherFormatsUnsupported() {
        byte[] gif =
                "GIF89a\u0001\u0000\u0001\u0000"
                        .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);

        assertEquals(
                RejectReason.UNSUPPORTED_ENCODING,
                assertThrows(ImageRejectedException.class, () -> openCv.decode(gif)).reason());
    }

    private static double meanAbsDiff(RgbImage a, RgbImage b) {
        long sum = 0;
        for (int i = 0; i < a.rgb().length; i++) {
            sum += Math.abs((a.rgb()[i] & 0xFF) - (b.rgb()[i] & 0xFF));
        }
        return sum / (double) a.rgb().length;
    }

    private static byte[] bgr(byte[] rgb) {
        byte[] out = rgb.clone();
        for (int i = 0; i < out.length; i += 3) {
            out[i] = rgb[i + 2];
            out[i + 2] = rgb[i];
        }
        return out;
    }
}
