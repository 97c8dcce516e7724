package io.ferstream.registry;

import java.nio.ByteBuffer;

/**
 * Confluent's wire format: magic byte 0, the writer schema's id as a 4-byte big-endian int, then
 * the Avro binary body.
 */
public final class WireFormat {

    public static final byte MAGIC_BYTE = 0;
    public static final int HEADER_SIZE = 5;

    private WireFormat() {}

    /** Writes the 5-byte header for {@code schemaId}. */
    public static byte[] header(int schemaId) {
        return ByteBuffer.allocate(HEADER_SIZE).put(MAGIC_BYTE).putInt(schemaId).array();
    }

    /**
     * Reads the writer schema id from a record's header.
     *
     * @throws CorruptPayloadException the record is shorter than a header
     * @throws WrongMagicByteException the first byte is not 0
     */
    public static int schemaId(byte[] data) {
        if (data.length < HEADER_SIZE) {
            throw new CorruptPayloadException(
                    "Record of "
                            + data.length
                            + " byte(s) is shorter than the "
                            + HEADER_SIZE
                            + "-byte schema-registry header (magic byte + schema id): truncated or"
                            + " not Avro");
        }
        if (data[0] != MAGIC_BYTE) {
            throw new WrongMagicByteException(
                    "Record starts with byte "
                            + (data[0] & 0xff)
                            + " instead of the magic byte 0 of the Confluent wire format: it was"
                            + " not written by a schema-registry Avro serializer");
        }
        return ByteBuffer.wrap(data, 1, 4).getInt();
    }
}
