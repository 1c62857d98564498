package dev.agentwatch.schema.serde;

import java.io.OutputStream;
import java.util.Arrays;

/** An unsynchronized ByteArrayOutputStream for one thread's serializations, reused across records. */
final class GrowableOutput extends OutputStream {

    /** A buffer grown past this by one large record is dropped after use rather than kept per thread. */
    private static final int KEEP_AT_MOST = 1 << 20;
    private static final int INITIAL = 512;

    private byte[] buf = new byte[INITIAL];
    private int count;

    void reset() {
        count = 0;
    }

    /** Reserves {@code n} bytes at the current position and returns their offset (for the wire-format header). */
    int skip(int n) {
        ensure(n);
        int at = count;
        count += n;
        return at;
    }

    byte[] array() {
        return buf;
    }

    int size() {
        return count;
    }

    byte[] toByteArray() {
        byte[] copy = Arrays.copyOf(buf, count);
        if (buf.length > KEEP_AT_MOST) {
            buf = new byte[INITIAL];
        }
        return copy;
    }

    @Override
    public void write(int b) {
        ensure(1);
        buf[count++] = (byte) b;
    }

    @Override
    public void write(byte[] b, int off, int len) {
        ensure(len);
        System.arraycopy(b, off, buf, count, len);
        count += len;
    }

    private void ensure(int more) {
        int needed = count + more;
        if (needed < 0) {
            throw new OutOfMemoryError("record larger than 2 GB");
        }
        if (needed > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(needed, buf.length * 2));
        }
    }
}
