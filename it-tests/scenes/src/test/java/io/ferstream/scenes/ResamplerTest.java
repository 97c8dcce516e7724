package io.ferstream.scenes;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ResamplerTest {

    @Test
    void shouldAverageEachBlockWhenHalving() {
        // configure: a 4x2 image, each channel a different ramp
        float[] rgb = new float[4 * 2 * 3];
        for (int i = 0; i < 8; i++) {
            rgb[i * 3] = i;
            rgb[i * 3 + 1] = 10 * i;
            rgb[i * 3 + 2] = 255 - i;
        }

        Pixels half = Resampler.resize(new Pixels(4, 2, rgb), 0.5);

        // verify: pixel 0 is the mean of source pixels 0, 1, 4, 5; pixel 1 of 2, 3, 6, 7
        assertEquals(2, half.width);
        assertEquals(1, half.height);
        assertEquals((0 + 1 + 4 + 5) / 4f, half.rgb[0], 1e-5);
        assertEquals(10 * (2 + 3 + 6 + 7) / 4f, half.rgb[4], 1e-4);
        assertEquals(255 - (2 + 3 + 6 + 7) / 4f, half.rgb[5], 1e-4);
    }

    @Test
    void shouldWeighPartlyCoveredPixelsByTheirCoveredArea() {
        // configure: one row 0, 0, 90 shrunk by 2/3: pixel 0 covers [0, 1.5), pixel 1 [1.5, 3)
        float[] rgb = {0, 0, 0, 0, 0, 0, 90, 90, 90};

        Pixels out = Resampler.resize(new Pixels(3, 1, rgb), 2 / 3.0);

        assertEquals(2, out.width);
        assertEquals(0, out.rgb[0], 1e-5);
        assertEquals(60, out.rgb[3], 1e-4); // (0.5 * 0 + 1 * 90) / 1.5
    }

    @Test
    void shouldKeepAFlatImageFlatAtAnyScale() {
        float[] rgb = new float[37 * 23 * 3];
        java.util.Arrays.fill(rgb, 128);
        Pixels flat = new Pixels(37, 23, rgb);

        for (double scale : new double[] {0.09, 0.31, 0.77, 1, 2.6}) {
            Pixels out = Resampler.resize(flat, scale);

            assertEquals(Resampler.scaledLength(37, scale), out.width);
            for (float v : out.rgb) {
                assertEquals(128, v, 1e-3, "at scale " + scale);
            }
        }
    }
}
