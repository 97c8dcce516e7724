package io.ferstream.ingest.image;

/**
 * What the start-of-frame segment of a JPEG says about the image, read without decoding pixels.
 *
 * @param width image width in pixels
 * @param height image height in pixels
 * @param components colour components (1 = grey, 3 = YCbCr, 4 = CMYK)
 * @param progressive whether the image is progressive (SOF2) rather than baseline/extended
 */
public record JpegHeader(int width, int height, int components, boolean progressive) {}
