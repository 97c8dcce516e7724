package io.ferstream.ingest.camera;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ferstream.image.ImageHeader;
import io.ferstream.ingest.TestImages;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.Test;

class FrameEncoderTest {

    @Test
    void shouldShrinkTheLongerSideKeepingTheAspectRatio() {
        assertArrayEquals(new int[] {640, 360}, FrameEncoder.targetSize(1920, 1080, 640));
        assertArrayEquals(new int[] {360, 640}, FrameEncoder.targetSize(1080, 1920, 640));
        assertArrayEquals(new int[] {320, 240}, FrameEncoder.targetSize(320, 240, 640));
        assertArrayEquals(new int[] {1920, 1080}, FrameEncoder.targetSize(1920, 1080, 0));
    }

    @Test
    void shouldEncodeAResizedJpegWhoseHeaderMatchesTheReportedSize() throws Exception {
        try (Mat picture = TestImages.picture(800, 600, 1)) {
            EncodedImage encoded = new FrameEncoder(400, 80).encode(picture);

            ImageHeader header = ImageHeader.read(encoded.jpeg());
            assertEquals(400, encoded.width());
            assertEquals(300, encoded.height());
            assertEquals(400, header.width());
            assertEquals(300, header.height());
        }
    }

    @Test
    void shouldProduceSmallerFilesAtLowerQuality() {
        try (Mat picture = TestImages.picture(320, 240, 3)) {
            int high = new FrameEncoder(0, 95).encode(picture).jpeg().length;
            int low = new FrameEncoder(0, 20).encode(picture).jpeg().length;

            assertTrue(low < high, low + " >= " + high);
        }
    }

    @Test
    void shouldRefuseQualitiesOutOfRange() {
        assertThrows(IllegalArgumentException.class, () -> new FrameEncoder(0, 0));
        assertThrows(IllegalArgumentException.class, () -> new FrameEncoder(0, 101));
    }
}
