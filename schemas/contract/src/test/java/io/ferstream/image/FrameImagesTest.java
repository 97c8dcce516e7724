package io.ferstream.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.ferstream.schema.CameraFrame;
import io.ferstream.schema.ImageEncoding;
import io.ferstream.schema.RejectReason;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class FrameImagesTest {

    private static CameraFrame frame(byte[] image, int width, int height, ImageEncoding encoding) {
        return CameraFrame.newBuilder()
                .setCameraId("cam-1")
                .setSequence(1)
                .setCaptureTime(Instant.ofEpochMilli(1000))
                .setWidth(width)
                .setHeight(height)
                .setEncoding(encoding)
                .setImage(ByteBuffer.wrap(image))
                .build();
    }

    @Test
    void shouldPassAValidFrameAndReturnItsHeader() throws Exception {
        ImageHeader header =
                FrameImages.check(
                        frame(TestJpegs.jpeg(64, 48), 64, 48, ImageEncoding.JPEG),
                        ImageLimits.DEFAULT);

        assertEquals(new ImageHeader(64, 48, ImageHeader.Format.JPEG), header);
    }

    @Test
    void shouldGiveEachFailureItsReason() {
        byte[] jpeg = TestJpegs.jpeg(64, 48);

        assertReason(
                RejectReason.UNSUPPORTED_ENCODING,
                frame(jpeg, 64, 48, ImageEncoding.UNKNOWN),
                ImageLimits.DEFAULT);
        assertReason(
                RejectReason.IMAGE_TOO_LARGE,
                frame(jpeg, 64, 48, ImageEncoding.JPEG),
                ImageLimits.DEFAULT.withMaxBytes(100));
        assertReason(
                RejectReason.BAD_IMAGE,
                frame(Arrays.copyOf(jpeg, jpeg.length / 2), 64, 48, ImageEncoding.JPEG),
                ImageLimits.DEFAULT);
        assertReason(
                RejectReason.BAD_IMAGE,
                frame(TestJpegs.png(64, 48), 64, 48, ImageEncoding.JPEG),
                ImageLimits.DEFAULT);
        assertReason(
                RejectReason.DIMENSIONS_MISMATCH,
                frame(jpeg, 640, 480, ImageEncoding.JPEG),
                ImageLimits.DEFAULT);
        assertReason(
                RejectReason.IMAGE_TOO_LARGE,
                frame(jpeg, 64, 48, ImageEncoding.JPEG),
                ImageLimits.DEFAULT.withMaxSize(32, 32));
    }

    private static void assertReason(RejectReason expected, CameraFrame frame, ImageLimits limits) {
        ImageRejectedException e =
                assertThrows(ImageRejectedException.class, () -> FrameImages.check(frame, limits));
        assertEquals(expected, e.reason(), e.getMessage());
    }
}
