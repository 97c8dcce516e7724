package io.ferstream.inference.image;

/**
 * Width, height and format read from a JPEG or PNG header without decoding pixels, so limits and
 * declared dimensions are checked before any memory is spent on a possible decompression bomb.
 */
public record ImageHeader(int width, int height, Format format) {

    public enum Format { JPEG, PNG }

    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};

    /**
     * @throws ImageDecodeException BAD_IMAGE for bytes that are not a JPEG/PNG or whose header is cut off,
     *     UNSUPPORTED_FORMAT for other image formats
     */
    public static ImageHeader read(byte[] bytes) throws ImageDecodeException {
        if (bytes == null || bytes.length < 4) {
            throw new ImageDecodeException(ImageDecodeException.Reason.BAD_IMAGE,
                    "not an image: " + (bytes == null ? "no bytes" : bytes.length + " bytes"));
        }
        if ((bytes[0] & 0xFF) == 0xFF && (bytes[1] & 0xFF) == 0xD8) {
            return readJpeg(bytes);
        }
        if (startsWith(bytes, PNG_SIGNATURE)) {
            return readPng(bytes);
        }
        if (startsWith(bytes, "GIF8".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
                || (bytes[0] == 'B' && bytes[1] == 'M')
                || (bytes.length >= 12 && bytes[0] == 'R' && bytes[1] == 'I' && bytes[8] == 'W' && bytes[9] == 'E')) {
            throw new ImageDecodeException(ImageDecodeException.Reason.UNSUPPORTED_FORMAT,
                    "image format not accepted (only JPEG and PNG)");
        }
        throw new ImageDecodeException(ImageDecodeException.Reason.BAD_IMAGE,
                "not a JPEG or PNG image (unknown signature, " + bytes.length + " bytes)");
    }

    // Walks the marker segments up to the first start-of-frame (SOF0..SOF15 except DHT, JPG and DAC).
    private static ImageHeader readJpeg(byte[] b) throws ImageDecodeException {
        int i = 2;
        while (i + 3 < b.length) {
            if ((b[i] & 0xFF) != 0xFF) {
                throw bad("JPEG marker expected at byte " + i);
            }
            int marker = b[i + 1] & 0xFF;
            if (marker == 0xFF) {
                i++; // fill byte
                continue;
            }
            if (marker == 0xD8 || marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) {
                i += 2; // standalone markers carry no length
                continue;
            }
            if (marker == 0xD9 || marker == 0xDA) {
                throw bad("JPEG has no frame header before its " + (marker == 0xD9 ? "end" : "scan data"));
            }
            int length = u16(b, i + 2);
            if (length < 2) {
                throw bad("JPEG segment with invalid length " + length);
            }
            boolean sof = marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
            if (sof) {
                if (i + 9 > b.length) {
                    break;
                }
                int height = u16(b, i + 5);
                int width = u16(b, i + 7);
                if (width == 0 || height == 0) {
                    throw bad("JPEG frame header declares " + width + "x" + height);
                }
                return new ImageHeader(width, height, Format.JPEG);
            }
            i += 2 + length;
        }
        throw bad("JPEG is truncated before its frame header");
    }

    private static ImageHeader readPng(byte[] b) throws ImageDecodeException {
        // signature (8), IHDR length (4), "IHDR" (4), width (4), height (4)
        if (b.length < 24 || b[12] != 'I' || b[13] != 'H' || b[14] != 'D' || b[15] != 'R') {
            throw bad("PNG is truncated or lacks its IHDR header");
        }
        long width = u32(b, 16);
        long height = u32(b, 20);
        if (width == 0 || height == 0 || width > Integer.MAX_VALUE || height > Integer.MAX_VALUE) {
            throw bad("PNG header declares " + width + "x" + height);
        }
        return new ImageHeader((int) width, (int) height, Format.PNG);
    }

    private static ImageDecodeException bad(String message) {
        return new ImageDecodeException(ImageDecodeException.Reason.BAD_IMAGE, message);
    }

    private static boolean startsWith(byte[] bytes, byte[] prefix) {
        if (bytes.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (bytes[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private static int u16(byte[] b, int i) {
        return ((b[i] & 0xFF) << 8) | (b[i + 1] & 0xFF);
    }

    private static long u32(byte[] b, int i) {
        return ((long) (b[i] & 0xFF) << 24) | ((b[i + 1] & 0xFF) << 16) | ((b[i + 2] & 0xFF) << 8) | (b[i + 3] & 0xFF);
    }

    public long pixels() {
        return (long) width * height;
    }
}
