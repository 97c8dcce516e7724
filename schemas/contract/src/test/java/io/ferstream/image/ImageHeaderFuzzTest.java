package io.ferstream.image;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Any bytes at all given to the image header parser, the gate's and the job's first look at a
 * frame's image: a header with a positive size, or a rejection with its reason; never another
 * exception, a hang or an allocation the bytes do not justify. Every build runs the seeds in {@code
 * ImageHeaderFuzzTestInputs} and fuzzes for a few seconds (BENCHMARKS.md says how to fuzz longer);
 * a crash Jazzer finds is committed there as a regression case.
 */
class ImageHeaderFuzzTest {

    @FuzzTest(maxDuration = "10s")
    void anyBytesGiveAHeaderOrAReason(byte[] bytes) {
        try {
            ImageHeader header = ImageHeader.read(bytes);
            assertTrue(header.width() > 0 && header.height() > 0, header.toString());
            assertNotNull(header.format());
        } catch (ImageRejectedException e) {
            assertNotNull(e.reason());
            assertNotNull(e.getMessage());
        }
    }
}
