package io.ferstream.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ferstream.schema.RejectReason;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ImageHeaderTest {

    @Test
    void shouldReadDimensionsOfABaselineJpeg() throws Exception {
        assertEquals(
                new ImageHeader(640, 360, ImageHeader.Format.JPEG),
                ImageHeader.read(TestJpegs.jpeg(640, 360)));
    }

    @Test
    void shouldReadProgressiveAndGreyscaleJpegs() throws Exception {
        assertEquals(
                new ImageHeader(123, 77, ImageHeader.Format.JPEG),
                ImageHeader.read(TestJpegs.jpeg(123, 77, true, false)));
        assertEquals(
                new ImageHeader(64, 48, ImageHeader.Format.JPEG),
                ImageHeader.read(TestJpegs.jpeg(64, 48, false, true)));
    }

    @Test
    void shouldReadTheCommittedFixture() throws Exception {
        byte[] jpeg;
        try (InputStream in = getClass().getResourceAsStream("/fixtures/imageio-200x150.jpg")) {
            jpeg = in.readAllBytes();
        }

        assertEquals(new ImageHeader(200, 150, ImageHeader.Format.JPEG), ImageHeader.read(jpeg));
    }

    @Test
    void shouldReadAPng() throws Exception {
        assertEquals(
                new ImageHeader(33, 21, ImageHeader.Format.PNG),
                ImageHeader.read(TestJpegs.png(33, 21)));
    }

    @Test
    void shouldReadTheImageWithinABufferWithoutMovingIt() throws Exception {
        byte[] jpeg = TestJpegs.jpeg(40, 30);
        byte[] padded = new byte[jpeg.length + 20];
        System.arraycopy(jpeg, 0, padded, 10, jpeg.length);
        ByteBuffer buffer = ByteBuffer.wrap(padded, 10, jpeg.length);

        assertEquals(new ImageHeader(40, 30, ImageHeader.Format.JPEG), ImageHeader.read(buffer));
        assertEquals(10, buffer.position());
    }

    @Test
    void shouldSkipFillBytesAndSegmentsBeforeTheFrameHeader() throws Exception {
        byte[] jpeg = TestJpegs.jpeg(32, 16);
        // A COM segment preceded by extra 0xFF fill bytes, right after start-of-image.
        byte[] comment = {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFE, 0, 5, 'a', 'b', 'c'};
        byte[] patched = new byte[jpeg.length + comment.length];
        System.arraycopy(jpeg, 0, patched, 0, 2);
        System.arraycopy(comment, 0, patched, 2, comment.length);
        System.arraycopy(jpeg, 2, patched, 2 + comment.length, jpeg.length - 2);

        assertEquals(new ImageHeader(32, 16, ImageHeader.Format.JPEG), ImageHeader.read(patched));
    }

    @Test
    void shouldRefuseTruncatedImages() {
        byte[] jpeg = TestJpegs.jpeg(64, 64);
        byte[] png = TestJpegs.png(64, 64);

        assertBad(
                Arrays.copyOf(jpeg, 30),
                "bad length"); // cut inside a segment before the frame header
        assertBad(Arrays.copyOf(jpeg, jpeg.length / 2), "no end-of-image marker");
        assertBad(Arrays.copyOf(png, png.length - 20), "no IEND chunk");
        assertBad(Arrays.copyOf(png, 20), "IHDR");
    }

    @Test
    void shouldRefuseAScanOrEndWithoutAFrameHeader() {
        assertBad(
                new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xDA, 0, 2, 0, 0},
                "FFDA");
        assertBad(new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xD9, 0, 0}, "FFD9");
    }

    @Test
    void shouldRefuseAFrameHeaderWithZeroWidthOrTooFewBytesForItsComponents() {
        assertBad(
                new byte[] {
                    (byte) 0xFF,
                    (byte) 0xD8,
                    (byte) 0xFF,
                    (byte) 0xC0,
                    0,
                    11,
                    8,
                    0,
                    10,
                    0,
                    0,
                    1,
                    1,
                    0x11,
                    0,
                    (byte) 0xFF,
                    (byte) 0xD9
                },
                "0x10");
        assertBad(
                new byte[] {
                    (byte) 0xFF,
                    (byte) 0xD8,
                    (byte) 0xFF,
                    (byte) 0xC0,
                    0,
                    11,
                    8,
                    0,
                    10,
                    0,
                    10,
                    3,
                    1,
                    0x11,
                    0,
                    (byte) 0xFF,
                    (byte) 0xD9
                },
                "3 components");
    }

    @Test
    void shouldRefuseEmptyNullAndUnknownBytes() {
        assertBad(new byte[0], "0 bytes");
        assertBad(null, "0 bytes");
        assertBad("hello, not an image".getBytes(StandardCharsets.US_ASCII), "unknown signature");
    }

    @Test
    void shouldNameOtherImageFormatsUnsupported() {
        byte[] gif = "GIF89a\u0001\u0000\u0001\u0000".getBytes(StandardCharsets.ISO_8859_1);

        ImageRejectedException e =
                assertThrows(ImageRejectedException.class, () -> ImageHeader.read(gif));

        assertEquals(RejectReason.UNSUPPORTED_ENCODING, e.reason());
    }

    private static void assertBad(byte[] bytes, String expected) {
        ImageRejectedException e =
                assertThrows(ImageRejectedException.class, () -> ImageHeader.read(bytes));
        assertEquals(RejectReason.BAD_IMAGE, e.reason(), e.getMessage());
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }
}
