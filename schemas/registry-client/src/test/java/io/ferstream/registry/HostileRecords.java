package io.ferstream.registry;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;

/**
 * Wire-format {@code CameraFrame} records that declare more than they hold, as an attacker or a
 * broken producer writes them: a few bytes whose Avro body announces a huge field and ends there.
 */
public final class HostileRecords {

    /** About 2 GB: the most a Java array may hold. */
    public static final long TWO_GIGABYTES = Integer.MAX_VALUE - 8;

    private HostileRecords() {}

    /**
     * A frame (17 bytes with a one-letter camera id) whose image declares {@code length} bytes.
     *
     * @param header the wire-format header of a registered {@code CameraFrame} schema
     */
    public static byte[] imageDeclaring(byte[] header, long length) {
        return body(
                header,
                encoder -> {
                    encoder.writeString("c");
                    encoder.writeLong(0); // sequence
                    encoder.writeLong(0); // captureTime
                    encoder.writeInt(1); // width
                    encoder.writeInt(1); // height
                    encoder.writeEnum(0); // encoding
                    encoder.writeLong(length); // the image's length, and no image
                });
    }

    /** A frame whose camera id, its first field, declares {@code length} bytes. */
    public static byte[] cameraIdDeclaring(byte[] header, long length) {
        return body(header, encoder -> encoder.writeLong(length));
    }

    private interface Body {
        void write(BinaryEncoder encoder) throws IOException;
    }

    private static byte[] body(byte[] header, Body body) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.write(header, 0, WireFormat.HEADER_SIZE);
            BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
            body.write(encoder);
            encoder.flush();
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
