package dev.agentwatch.schema.serde;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.avro.io.Decoder;
import org.apache.avro.util.Utf8;

/**
 * Avro binary decoder over a byte-array slice that checks every length and item count against the bytes that
 * remain before allocating anything.
 *
 * <p>Why not Avro's BinaryDecoder: it trusts lengths up to 2^31, so one corrupt record claiming a 2 GB string
 * or array makes it allocate that much before noticing the data ends. Here a length beyond the slice is a
 * truncation ({@link EOFException}) found in O(1), and impossible values (negative lengths, over-long varints,
 * booleans other than 0/1) are {@link MalformedAvroException}s. Not thread-safe: one instance per thread,
 * re-pointed at each payload with {@link #reset}.
 */
final class BoundedByteArrayDecoder extends Decoder {

    /** Data that no Avro writer produces. */
    static final class MalformedAvroException extends IOException {
        MalformedAvroException(String message) {
            super(message);
        }
    }

    private byte[] buf;
    private int pos;
    private int limit;
    private boolean boundArrayItems;

    /**
     * Points the decoder at {@code buf[offset, offset + length)}.
     *
     * @param boundArrayItems whether every array item of the writer schema takes at least one byte, so that an
     *     array's item count can be checked against the remaining bytes (see {@link SchemaShapes})
     */
    BoundedByteArrayDecoder reset(byte[] buf, int offset, int length, boolean boundArrayItems) {
        this.buf = buf;
        this.pos = offset;
        this.limit = offset + length;
        this.boundArrayItems = boundArrayItems;
        return this;
    }

    /** Bytes not consumed yet. */
    int remaining() {
        return limit - pos;
    }

    /** Drops the reference to the last payload so it can be collected. */
    void release() {
        buf = null;
        pos = 0;
        limit = 0;
    }

    @Override
    public void readNull() {}

    @Override
    public boolean readBoolean() throws IOException {
        require(1, "a boolean");
        int b = buf[pos++];
        if (b == 0) {
            return false;
        }
        if (b == 1) {
            return true;
        }
        throw new MalformedAvroException("boolean byte is " + (b & 0xff) + ", not 0 or 1");
    }

    @Override
    public int readInt() throws IOException {
        long raw = 0;
        for (int shift = 0; shift < 35; shift += 7) {
            require(1, "an int");
            int b = buf[pos++] & 0xff;
            raw |= (long) (b & 0x7f) << shift;
            if ((b & 0x80) == 0) {
                if (raw > 0xFFFF_FFFFL) {
                    throw new MalformedAvroException("int varint exceeds 32 bits");
                }
                int zigzag = (int) raw;
                return (zigzag >>> 1) ^ -(zigzag & 1);
            }
        }
        throw new MalformedAvroException("int varint longer than 5 bytes");
    }

    @Override
    public long readLong() throws IOException {
        long raw = 0;
        for (int shift = 0; shift < 70; shift += 7) {
            require(1, "a long");
            int b = buf[pos++] & 0xff;
            raw |= (long) (b & 0x7f) << shift;
            if ((b & 0x80) == 0) {
                return (raw >>> 1) ^ -(raw & 1);
            }
        }
        throw new MalformedAvroException("long varint longer than 10 bytes");
    }

    @Override
    public float readFloat() throws IOException {
        require(4, "a float");
        int bits = (buf[pos] & 0xff) | (buf[pos + 1] & 0xff) << 8 | (buf[pos + 2] & 0xff) << 16
                | (buf[pos + 3] & 0xff) << 24;
        pos += 4;
        return Float.intBitsToFloat(bits);
    }

    @Override
    public double readDouble() throws IOException {
        require(8, "a double");
        long bits = 0;
        for (int i = 7; i >= 0; i--) {
            bits = (bits << 8) | (buf[pos + i] & 0xff);
        }
        pos += 8;
        return Double.longBitsToDouble(bits);
    }

    @Override
    public Utf8 readString(Utf8 old) throws IOException {
        int length = length("a string");
        Utf8 result = old != null ? old : new Utf8();
        result.setByteLength(length);
        System.arraycopy(buf, pos, result.getBytes(), 0, length);
        pos += length;
        return result;
    }

    @Override
    public String readString() throws IOException {
        int length = length("a string");
        String result = new String(buf, pos, length, StandardCharsets.UTF_8);
        pos += length;
        return result;
    }

    @Override
    public void skipString() throws IOException {
        int length = length("a string"); // not "pos += length(...)": that would add to pos as it was before
        pos += length;
    }

    @Override
    public ByteBuffer readBytes(ByteBuffer old) throws IOException {
        int length = length("bytes");
        ByteBuffer result;
        if (old != null && old.capacity() >= length) {
            result = old;
            result.clear();
        } else {
            result = ByteBuffer.allocate(length);
        }
        result.put(buf, pos, length).flip();
        pos += length;
        return result;
    }

    @Override
    public void skipBytes() throws IOException {
        int length = length("bytes");
        pos += length;
    }

    @Override
    public void readFixed(byte[] bytes, int start, int length) throws IOException {
        require(length, "a fixed");
        System.arraycopy(buf, pos, bytes, start, length);
        pos += length;
    }

    @Override
    public void skipFixed(int length) throws IOException {
        require(length, "a fixed");
        pos += length;
    }

    @Override
    public int readEnum() throws IOException {
        return readInt();
    }

    @Override
    public int readIndex() throws IOException {
        return readInt();
    }

    @Override
    public long readArrayStart() throws IOException {
        return itemCount(boundArrayItems, "array");
    }

    @Override
    public long arrayNext() throws IOException {
        return itemCount(boundArrayItems, "array");
    }

    @Override
    public long skipArray() throws IOException {
        return skipBlocks(boundArrayItems, "array");
    }

    // Every map entry holds at least its key's length byte, so map counts are always bounded.

    @Override
    public long readMapStart() throws IOException {
        return itemCount(true, "map");
    }

    @Override
    public long mapNext() throws IOException {
        return itemCount(true, "map");
    }

    @Override
    public long skipMap() throws IOException {
        return skipBlocks(true, "map");
    }

    /** A block's item count; a negative count is followed by the block's size in bytes, unused here. */
    private long itemCount(boolean bounded, String what) throws IOException {
        long count = readLong();
        if (count < 0) {
            blockSize(what);
            count = -count;
        }
        return checkCount(count, bounded, what);
    }

    /** Skips whole blocks that carry their byte size; returns the item count of the first one that does not. */
    private long skipBlocks(boolean bounded, String what) throws IOException {
        while (true) {
            long count = readLong();
            if (count >= 0) {
                return checkCount(count, bounded, what);
            }
            if (count == Long.MIN_VALUE) {
                throw new MalformedAvroException(what + " block count out of range");
            }
            long size = blockSize(what);
            pos += (int) size;
        }
    }

    private long blockSize(String what) throws IOException {
        long size = readLong();
        if (size < 0) {
            throw new MalformedAvroException(what + " block size is negative: " + size);
        }
        if (size > remaining()) {
            throw new EOFException(what + " block claims " + size + " bytes, only " + remaining() + " remain");
        }
        return size;
    }

    private long checkCount(long count, boolean bounded, String what) throws IOException {
        if (count < 0) {
            throw new MalformedAvroException(what + " block count out of range");
        }
        if (bounded && count > remaining()) {
            throw new EOFException(what + " block claims " + count + " items, only " + remaining() + " bytes remain");
        }
        if (count > Integer.MAX_VALUE - 8) {
            throw new MalformedAvroException(what + " block claims " + count + " items, more than Java can hold");
        }
        return count;
    }

    /** A string or bytes length, checked against what remains. */
    private int length(String what) throws IOException {
        long length = readLong();
        if (length < 0) {
            throw new MalformedAvroException(what + " has negative length " + length);
        }
        if (length > remaining()) {
            throw new EOFException(what + " claims " + length + " bytes, only " + remaining() + " remain");
        }
        return (int) length;
    }

    private void require(int bytes, String what) throws EOFException {
        if (bytes < 0 || bytes > limit - pos) {
            throw new EOFException("payload ends inside " + what);
        }
    }
}
