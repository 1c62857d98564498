package dev.agentwatch.window;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Byte-level primitives shared by the slice and sketch codecs: LEB128 varints, zigzag, compact doubles
 * and nullable UTF-8 strings. Multi-byte values are written byte by byte, so the format is big-endian
 * whatever order the caller's buffer is set to.
 */
final class WireFormat {

    private static final long NEGATIVE_ZERO_BITS = Double.doubleToRawLongBits(-0.0);
    /** Largest integer every double below it represents exactly; compact doubles above it go raw. */
    private static final double MAX_EXACT_INTEGER = 9007199254740992.0; // 2^53
    private static final int MAX_VARINT_BYTES = 10;

    private WireFormat() {
    }

    static void putVarLong(ByteBuffer out, long value) {
        long v = value;
        while ((v & ~0x7FL) != 0) {
            out.put((byte) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        out.put((byte) v);
    }

    static int varLongSize(long value) {
        long v = value;
        int size = 1;
        while ((v & ~0x7FL) != 0) {
            size++;
            v >>>= 7;
        }
        return size;
    }

    static long getVarLong(ByteBuffer in) {
        long result = 0;
        for (int i = 0; i < MAX_VARINT_BYTES; i++) {
            byte b = in.get();
            result |= (long) (b & 0x7F) << (7 * i);
            if (b >= 0) {
                return result;
            }
        }
        throw new IllegalArgumentException("malformed varint");
    }

    /** Reads a varint that must be a non-negative count no larger than {@code max}. */
    static int getCount(ByteBuffer in, int max, String what) {
        long v = getVarLong(in);
        if (v < 0 || v > max) {
            throw new IllegalArgumentException("corrupt " + what + ": " + v + " (max " + max + ")");
        }
        return (int) v;
    }

    /** Reads a non-negative varlong, e.g. a raw event counter. */
    static long getNonNegativeLong(ByteBuffer in, String what) {
        long v = getVarLong(in);
        if (v < 0) {
            throw new IllegalArgumentException("corrupt " + what + ": " + v);
        }
        return v;
    }

    static long zigzag(long v) {
        return (v << 1) ^ (v >> 63);
    }

    static long unzigzag(long v) {
        return (v >>> 1) ^ -(v & 1);
    }

    static void putRawDouble(ByteBuffer out, double value) {
        long bits = Double.doubleToRawLongBits(value);
        for (int shift = 56; shift >= 0; shift -= 8) {
            out.put((byte) (bits >>> shift));
        }
    }

    static double getRawDouble(ByteBuffer in) {
        long bits = 0;
        for (int i = 0; i < 8; i++) {
            bits = (bits << 8) | (in.get() & 0xFF);
        }
        return Double.longBitsToDouble(bits);
    }

    /*
     * Compact doubles: weighted sums are very often whole numbers (weights 1, 2, 10 from sample rates
     * 1, 0.5, 0.1; integer token counts), so a small non-negative integer is written as varint(2n),
     * one or two bytes, and anything else as varint(1) followed by the 8 raw bytes.
     */

    private static boolean isCompactInteger(double v) {
        return v >= 0 && v <= MAX_EXACT_INTEGER && v == Math.rint(v)
                && Double.doubleToRawLongBits(v) != NEGATIVE_ZERO_BITS;
    }

    static void putCompactDouble(ByteBuffer out, double value) {
        if (isCompactInteger(value)) {
            putVarLong(out, ((long) value) << 1);
        } else {
            out.put((byte) 1);
            putRawDouble(out, value);
        }
    }

    static int compactDoubleSize(double value) {
        return isCompactInteger(value) ? varLongSize(((long) value) << 1) : 9;
    }

    static double getCompactDouble(ByteBuffer in) {
        long tag = getVarLong(in);
        if ((tag & 1) == 0) {
            return (double) (tag >>> 1);
        }
        if (tag == 1) {
            return getRawDouble(in);
        }
        throw new IllegalArgumentException("corrupt compact double tag " + tag);
    }

    /** Nullable string: varint(0) for null, else varint(utf8 length + 1) and the bytes. */
    static void putString(ByteBuffer out, String s) {
        if (s == null) {
            out.put((byte) 0);
            return;
        }
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        putVarLong(out, bytes.length + 1L);
        out.put(bytes);
    }

    /** A nullable string already in UTF-8: the same bytes as {@link #putString} of that string. */
    static void putBytes(ByteBuffer out, byte[] utf8) {
        if (utf8 == null) {
            out.put((byte) 0);
            return;
        }
        putVarLong(out, utf8.length + 1L);
        out.put(utf8);
    }

    static int bytesSize(byte[] utf8) {
        return utf8 == null ? 1 : varLongSize(utf8.length + 1L) + utf8.length;
    }

    static int stringSize(String s) {
        if (s == null) {
            return 1;
        }
        int n = utf8Length(s);
        return varLongSize(n + 1L) + n;
    }

    static String getString(ByteBuffer in) {
        int lengthPlusOne = getCount(in, Integer.MAX_VALUE, "string length");
        if (lengthPlusOne == 0) {
            return null;
        }
        int n = lengthPlusOne - 1;
        if (n > in.remaining()) {
            throw new IllegalArgumentException("corrupt string length " + n + " > " + in.remaining() + " remaining");
        }
        byte[] bytes = new byte[n];
        in.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** UTF-8 length without encoding; matches String.getBytes(UTF_8), which writes '?' for a lone surrogate. */
    static int utf8Length(String s) {
        int n = 0;
        int len = s.length();
        for (int i = 0; i < len; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                n += 1;
            } else if (c < 0x800) {
                n += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < len && Character.isLowSurrogate(s.charAt(i + 1))) {
                n += 4;
                i++;
            } else if (Character.isSurrogate(c)) {
                n += 1;
            } else {
                n += 3;
            }
        }
        return n;
    }
}
