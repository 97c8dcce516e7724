package io.ferstream.ingest.image;

/**
 * Reads width and height from a JPEG's start-of-frame (SOFn) segment by walking the marker
 * segments (ITU T.81, section B.1), so a gate can check dimensions without decoding pixels.
 *
 * <p>Walks SOI, then length-prefixed segments (APPn, DQT, DHT, COM, ...) until the first SOFn.
 * Reaching start-of-scan or the end of the data without an SOFn means the header is unreadable.
 */
public final class JpegHeaderParser {

  private static final int SOI = 0xD8;
  private static final int EOI = 0xD9;
  private static final int SOS = 0xDA;
  private static final int TEM = 0x01;

  private JpegHeaderParser() {}

  /** Parses the header of {@code data}; throws with a reason when it is not a readable JPEG. */
  public static JpegHeader parse(byte[] data) throws MalformedJpegException {
    if (data == null || data.length < 4) {
      throw new MalformedJpegException("too short to be a JPEG (" + (data == null ? 0 : data.length) + " bytes)");
    }
    if (u8(data, 0) != 0xFF || u8(data, 1) != SOI) {
      throw new MalformedJpegException("missing JPEG start-of-image marker (FFD8)");
    }
    int pos = 2;
    while (true) {
      // A marker is one or more 0xFF fill bytes followed by a non-0xFF code.
      if (pos >= data.length || u8(data, pos) != 0xFF) {
        throw new MalformedJpegException("expected a marker at byte " + pos + " but found none");
      }
      while (pos < data.length && u8(data, pos) == 0xFF) {
        pos++;
      }
      if (pos >= data.length) {
        throw new MalformedJpegException("truncated before a start-of-frame segment");
      }
      int marker = u8(data, pos++);
      if (marker == TEM || (marker >= 0xD0 && marker <= 0xD7)) {
        continue; // standalone markers carry no length
      }
      if (marker == SOS || marker == EOI || marker == SOI) {
        throw new MalformedJpegException(String.format("no start-of-frame segment before marker FF%02X", marker));
      }
      if (pos + 2 > data.length) {
        throw new MalformedJpegException("truncated segment length at byte " + pos);
      }
      int length = u16(data, pos);
      if (length < 2 || pos + length > data.length) {
        throw new MalformedJpegException(String.format("segment FF%02X has a bad length %d", marker, length));
      }
      if (isStartOfFrame(marker)) {
        return readFrameHeader(data, pos, length, marker);
      }
      pos += length;
    }
  }

  /** SOF0..SOF15 except DHT (C4), JPG (C8) and DAC (CC), which share the range. */
  private static boolean isStartOfFrame(int marker) {
    return marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
  }

  private static JpegHeader readFrameHeader(byte[] data, int pos, int length, int marker) throws MalformedJpegException {
    // Length(2) precision(1) height(2) width(2) components(1) = 8 bytes at least.
    if (length < 8) {
      throw new MalformedJpegException("start-of-frame segment too short (" + length + " bytes)");
    }
    int height = u16(data, pos + 3);
    int width = u16(data, pos + 5);
    int components = u8(data, pos + 7);
    if (width == 0 || height == 0) {
      // Height 0 is legal in T.81 (defined later by a DNL marker) but no camera produces it; treat as unreadable.
      throw new MalformedJpegException("start-of-frame declares " + width + "x" + height);
    }
    if (components < 1 || length < 8 + 3 * components) {
      throw new MalformedJpegException("start-of-frame declares " + components + " components in " + length + " bytes");
    }
    boolean progressive = marker == 0xC2 || marker == 0xC6 || marker == 0xCA || marker == 0xCE;
    return new JpegHeader(width, height, components, progressive);
  }

  private static int u8(byte[] data, int pos) {
    return data[pos] & 0xFF;
  }

  private static int u16(byte[] data, int pos) {
    return (u8(data, pos) << 8) | u8(data, pos + 1);
  }
}
