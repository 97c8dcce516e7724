package io.ferstream.ingest.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ferstream.ingest.TestImages;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class JpegHeaderParserTest {

  @Test
  void shouldReadDimensionsOfABaselineJpeg() throws Exception {
    byte[] jpeg = TestImages.jpeg(640, 360);

    JpegHeader header = JpegHeaderParser.parse(jpeg);

    assertEquals(640, header.width());
    assertEquals(360, header.height());
    assertEquals(3, header.components());
    assertFalse(header.progressive());
  }

  @Test
  void shouldReadDimensionsOfAProgressiveJpeg() throws Exception {
    JpegHeader header = JpegHeaderParser.parse(TestImages.jpeg(123, 77, true, false));

    assertEquals(123, header.width());
    assertEquals(77, header.height());
    assertTrue(header.progressive());
  }

  @Test
  void shouldReadAGreyscaleJpeg() throws Exception {
    JpegHeader header = JpegHeaderParser.parse(TestImages.jpeg(64, 48, false, true));

    assertEquals(1, header.components());
    assertEquals(64, header.width());
  }

  @Test
  void shouldReadTheCommittedFixtureWrittenByAnotherEncoder() throws Exception {
    // Written by javax.imageio (the JDK encoder, JFIF APP0 segment), so the parser is not tuned to OpenCV's output.
    byte[] jpeg;
    try (InputStream in = getClass().getResourceAsStream("/fixtures/imageio-200x150.jpg")) {
      jpeg = in.readAllBytes();
    }

    JpegHeader header = JpegHeaderParser.parse(jpeg);

    assertEquals(200, header.width());
    assertEquals(150, header.height());
  }

  @Test
  void shouldSkipFillBytesAndSegmentsBeforeTheFrameHeader() throws Exception {
    byte[] jpeg = TestImages.jpeg(32, 16);
    // Insert a COM segment preceded by extra 0xFF fill bytes right after SOI.
    byte[] comment = {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFE, 0, 5, 'a', 'b', 'c'};
    byte[] patched = new byte[jpeg.length + comment.length];
    System.arraycopy(jpeg, 0, patched, 0, 2);
    System.arraycopy(comment, 0, patched, 2, comment.length);
    System.arraycopy(jpeg, 2, patched, 2 + comment.length, jpeg.length - 2);

    JpegHeader header = JpegHeaderParser.parse(patched);

    assertEquals(32, header.width());
    assertEquals(16, header.height());
  }

  @Test
  void shouldRejectBytesThatAreNotAJpeg() {
    byte[] png = {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10, 0, 0};

    MalformedJpegException e = assertThrows(MalformedJpegException.class, () -> JpegHeaderParser.parse(png));

    assertTrue(e.getMessage().contains("start-of-image"), e.getMessage());
  }

  @Test
  void shouldRejectAJpegTruncatedBeforeItsFrameHeader() throws IOException {
    byte[] jpeg = TestImages.jpeg(64, 64);
    byte[] truncated = Arrays.copyOf(jpeg, 30); // inside APP0/DQT, before SOF0

    assertThrows(MalformedJpegException.class, () -> JpegHeaderParser.parse(truncated));
  }

  @Test
  void shouldRejectAScanWithoutAFrameHeader() {
    byte[] noFrame = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xDA, 0, 2, 0, 0};

    MalformedJpegException e = assertThrows(MalformedJpegException.class, () -> JpegHeaderParser.parse(noFrame));

    assertTrue(e.getMessage().contains("FFDA"), e.getMessage());
  }

  @Test
  void shouldRejectEmptyAndNullInput() {
    assertThrows(MalformedJpegException.class, () -> JpegHeaderParser.parse(new byte[0]));
    assertThrows(MalformedJpegException.class, () -> JpegHeaderParser.parse(null));
  }

  @Test
  void shouldRejectAFrameHeaderWithZeroWidth() {
    byte[] zeroWidth = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xC0, 0, 11, 8, 0, 10, 0, 0, 1, 1, 0x11, 0};

    assertThrows(MalformedJpegException.class, () -> JpegHeaderParser.parse(zeroWidth));
  }
}
