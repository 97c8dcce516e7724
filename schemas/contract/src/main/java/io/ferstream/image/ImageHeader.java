package io.ferstream.image;

import io.ferstream.schema.RejectReason;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Width, height and format of an encoded image, read from its header without decoding a pixel, so
 * that limits and declared dimensions are checked before any memory is spent (decompression bombs).
 * The one parser of FerStream: the gate and the processor accept and refuse the same bytes for the
 * same reasons.
 *
 * <p>JPEG: the marker segments (ITU T.81, B.1) are walked from start-of-image to the first
 * start-of-frame (SOF0..SOF15 except DHT, JPG and DAC), every segment length checked against the
 * data. PNG: the signature and the IHDR chunk. Either must also end as a complete image does (a
 * JPEG's end-of-image marker near its end, a PNG's IEND chunk): decoders fill a cut-off image with
 * grey and only warn, so a truncated image is refused here instead.
 *
 * @param width pixels across
 * @param height pixels down
 * @param format the encoding
 */
public record ImageHeader(int width, int height, Format format) {

    /** The encodings whose headers this reads. */
    public enum Format {
        JPEG,
        PNG
    }

    private static final byte[] PNG_SIGNATURE = {
        (byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'
    };

    /** How far from the end a JPEG's end-of-image marker may sit (some encoders pad after it). */
    private static final int EOI_SEARCH_WINDOW = 1024;

    public ImageHeader {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException(
                    "width and height must be positive, got " + width + "x" + height);
        }
    }

    public long pixels() {
        return (long) width * height;
    }

    /** Reads the header of {@code bytes}; see {@link #read(ByteBuffer)}. */
    public static ImageHeader read(byte[] bytes) throws ImageRejectedException {
        return read(bytes == null ? ByteBuffer.allocate(0) : ByteBuffer.wrap(bytes));
    }

    /**
     * Reads the header of the image between {@code image}'s position and limit, without moving them
     * or copying the bytes.
     *
     * @throws ImageRejectedException {@code BAD_IMAGE} for bytes that are not a complete JPEG or
     *     PNG, {@code UNSUPPORTED_ENCODING} for another image format
     */
    public static ImageHeader read(ByteBuffer image) throws ImageRejectedException {
        Bytes b = new Bytes(image);
        if (b.length < 4) {
            throw bad("not an image: " + b.length + " bytes");
        }
        if (b.u8(0) == 0xFF && b.u8(1) == 0xD8) {
            return readJpeg(b);
        }
        if (b.startsWith(PNG_SIGNATURE)) {
            return readPng(b);
        }
        if (b.startsWith("GIF8".getBytes(StandardCharsets.US_ASCII))
                || b.u8(0) == 'B' && b.u8(1) == 'M'
                || b.length >= 12
                        && b.u8(0) == 'R'
                        && b.u8(1) == 'I'
                        && b.u8(8) == 'W'
                        && b.u8(9) == 'E') {
            throw new ImageRejectedException(
                    RejectReason.UNSUPPORTED_ENCODING,
                    "image format not accepted (only JPEG and PNG)");
        }
        throw bad("not a JPEG or PNG image (unknown signature, " + b.length + " bytes)");
    }

    private static ImageHeader readJpeg(Bytes b) throws ImageRejectedException {
        int pos = 2;
        while (true) {
            // A marker is one or more 0xFF fill bytes followed by a code other than 0xFF.
            if (pos >= b.length || b.u8(pos) != 0xFF) {
                throw bad("JPEG marker expected at byte " + pos);
            }
            while (pos < b.length && b.u8(pos) == 0xFF) {
                pos++;
            }
            if (pos >= b.length) {
                throw bad("JPEG is truncated before its frame header");
            }
            int marker = b.u8(pos++);
            if (marker == 0x01 || marker >= 0xD0 && marker <= 0xD7) {
                continue; // TEM and RSTn stand alone, without a length
            }
            if (marker == 0xD8 || marker == 0xD9 || marker == 0xDA) {
                throw bad(
                        String.format("JPEG has no frame header before its marker FF%02X", marker));
            }
            if (pos + 2 > b.length) {
                throw bad("JPEG is truncated before its frame header");
            }
            int length = b.u16(pos);
            if (length < 2 || pos + length > b.length) {
                throw bad(String.format("JPEG segment FF%02X has a bad length %d", marker, length));
            }
            boolean startOfFrame =
                    marker >= 0xC0
                            && marker <= 0xCF
                            && marker != 0xC4
                            && marker != 0xC8
                            && marker != 0xCC;
            if (startOfFrame) {
                return jpegFrameHeader(b, pos, length);
            }
            pos += length;
        }
    }

    private static ImageHeader jpegFrameHeader(Bytes b, int pos, int length)
            throws ImageRejectedException {
        // length (2), precision (1), height (2), width (2), components (1), then 3 bytes per
        // component
        if (length < 8) {
            throw bad("JPEG frame header too short (" + length + " bytes)");
        }
        int height = b.u16(pos + 3);
        int width = b.u16(pos + 5);
        int components = b.u8(pos + 7);
        if (width == 0 || height == 0) {
            // Height 0 is legal in T.81 (defined later by a DNL marker), but no camera writes it.
            throw bad("JPEG frame header declares " + width + "x" + height);
        }
        if (components < 1 || length < 8 + 3 * components) {
            throw bad(
                    "JPEG frame header declares "
                            + components
                            + " components in "
                            + length
                            + " bytes");
        }
        if (!b.hasMarkerNearEnd(0xFF, 0xD9, EOI_SEARCH_WINDOW)) {
            throw bad("JPEG is truncated (no end-of-image marker)");
        }
        return new ImageHeader(width, height, Format.JPEG);
    }

    private static ImageHeader readPng(Bytes b) throws ImageRejectedException {
        // signature (8), IHDR length (4), "IHDR" (4), width (4), height (4)
        if (b.length < 24
                || b.u8(12) != 'I'
                || b.u8(13) != 'H'
                || b.u8(14) != 'D'
                || b.u8(15) != 'R') {
            throw bad("PNG is truncated or lacks its IHDR header");
        }
        long width = b.u32(16);
        long height = b.u32(20);
        if (width == 0 || height == 0 || width > Integer.MAX_VALUE || height > Integer.MAX_VALUE) {
            throw bad("PNG header declares " + width + "x" + height);
        }
        // The IEND chunk ends every PNG: length 0 (4 bytes), "IEND", CRC (4 bytes).
        int n = b.length;
        if (n < 36
                || b.u8(n - 8) != 'I'
                || b.u8(n - 7) != 'E'
                || b.u8(n - 6) != 'N'
                || b.u8(n - 5) != 'D') {
            throw bad("PNG is truncated (no IEND chunk)");
        }
        return new ImageHeader((int) width, (int) height, Format.PNG);
    }

    private static ImageRejectedException bad(String message) {
        return new ImageRejectedException(RejectReason.BAD_IMAGE, message);
    }

    /** Absolute, bounds-checked reads of the image's bytes, relative to the buffer's position. */
    private static final class Bytes {
        private final ByteBuffer buffer;
        private final int base;
        final int length;

        Bytes(ByteBuffer buffer) {
            this.buffer = buffer;
            this.base = buffer.position();
            this.length = buffer.remaining();
        }

        int u8(int i) {
            return buffer.get(base + i) & 0xFF;
        }

        int u16(int i) {
            return (u8(i) << 8) | u8(i + 1);
        }

        long u32(int i) {
            return ((long) u8(i) << 24) | (u8(i + 1) << 16) | (u8(i + 2) << 8) | u8(i + 3);
        }

        boolean startsWith(byte[] prefix) {
            if (length < prefix.length) {
                return false;
            }
            for (int i = 0; i < prefix.length; i++) {
                if (u8(i) != (prefix[i] & 0xFF)) {
                    return false;
                }
            }
            return true;
        }

        boolean hasMarkerNearEnd(int first, int second, int window) {
            for (int i = length - 2, stop = Math.max(0, length - window); i >= stop; i--) {
                if (u8(i) == first && u8(i + 1) == second) {
                    return true;
                }
            }
            return false;
        }
    }
}
