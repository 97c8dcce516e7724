package io.ferstream.registry;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.Decoder;
import org.apache.avro.util.Utf8;

/**
 * A binary Avro decoder that allocates no more than the record it reads could hold. Avro allocates
 * a {@code bytes} or {@code string} of the length the data declares before it reads it, and an
 * array or map of the declared item count: a 17-byte record declaring a 2 GB image is an {@code
 * OutOfMemoryError} on any smaller heap, which no dead-letter path catches. Here a declared length
 * or item count above the bytes the record has left is refused as corrupt before anything is
 * allocated: no valid record declares more than it carries.
 *
 * <p>Avro's own limits ({@code org.apache.avro.limits.*} system properties) are JVM-wide and read
 * once, when Avro's classes load; this bound holds per record, in any process, whatever else runs
 * there. Not thread-safe, like the decoder it wraps.
 */
final class BoundedDecoder extends Decoder {

    private final BinaryDecoder in;
    private final long bound;
    private long items;

    /**
     * @param in the decoder over the record's body
     * @param bodyLength the body's length in bytes: the most any length or count may declare
     */
    BoundedDecoder(BinaryDecoder in, int bodyLength) {
        this.in = in;
        this.bound = bodyLength;
    }

    /** Whether the whole body was read. */
    boolean isEnd() throws IOException {
        return in.isEnd();
    }

    @Override
    public ByteBuffer readBytes(ByteBuffer old) throws IOException {
        return ByteBuffer.wrap(readDeclared("bytes"));
    }

    @Override
    public Utf8 readString(Utf8 old) throws IOException {
        return new Utf8(readDeclared("string"));
    }

    @Override
    public String readString() throws IOException {
        return new String(readDeclared("string"), StandardCharsets.UTF_8);
    }

    @Override
    public long readArrayStart() throws IOException {
        return counted(in.readArrayStart(), "array");
    }

    @Override
    public long arrayNext() throws IOException {
        return counted(in.arrayNext(), "array");
    }

    @Override
    public long readMapStart() throws IOException {
        return counted(in.readMapStart(), "map");
    }

    @Override
    public long mapNext() throws IOException {
        return counted(in.mapNext(), "map");
    }

    private byte[] readDeclared(String what) throws IOException {
        long length = in.readLong();
        if (length < 0 || length > bound) {
            throw new DeclaredSizeException(
                    "a " + what + " declares " + length + " bytes in a body of " + bound);
        }
        byte[] content = new byte[(int) length];
        in.readFixed(content, 0, content.length);
        return content;
    }

    // Every item takes at least a byte in FerStream's schemas, so a record holds no more items than
    // bytes; counted over all collections of the record, as each block allocates its own.
    private long counted(long blockItems, String what) throws DeclaredSizeException {
        items += blockItems;
        if (blockItems < 0 || items > bound) {
            throw new DeclaredSizeException(
                    "an "
                            + what
                            + " declares "
                            + items
                            + " items in all in a body of "
                            + bound
                            + " bytes");
        }
        return blockItems;
    }

    /** A declared length or count the record cannot hold. */
    static final class DeclaredSizeException extends IOException {
        DeclaredSizeException(String message) {
            super(message);
        }
    }

    @Override
    public void readNull() throws IOException {
        in.readNull();
    }

    @Override
    public boolean readBoolean() throws IOException {
        return in.readBoolean();
    }

    @Override
    public int readInt() throws IOException {
        return in.readInt();
    }

    @Override
    public long readLong() throws IOException {
        return in.readLong();
    }

    @Override
    public float readFloat() throws IOException {
        return in.readFloat();
    }

    @Override
    public double readDouble() throws IOException {
        return in.readDouble();
    }

    @Override
    public void skipString() throws IOException {
        in.skipString();
    }

    @Override
    public void skipBytes() throws IOException {
        in.skipBytes();
    }

    @Override
    public void readFixed(byte[] bytes, int start, int length) throws IOException {
        in.readFixed(bytes, start, length);
    }

    @Override
    public void skipFixed(int length) throws IOException {
        in.skipFixed(length);
    }

    @Override
    public int readEnum() throws IOException {
        return in.readEnum();
    }

    @Override
    public long skipArray() throws IOException {
        return counted(in.skipArray(), "array");
    }

    @Override
    public long skipMap() throws IOException {
        return counted(in.skipMap(), "map");
    }

    @Override
    public int readIndex() throws IOException {
        return in.readIndex();
    }
}
