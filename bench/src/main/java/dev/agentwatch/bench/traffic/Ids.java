package dev.agentwatch.bench.traffic;

import java.util.random.RandomGenerator;

/** Id strings in the shapes real agents send: UUIDv4 event ids, W3C trace-context trace (32 hex) and span (16 hex) ids. */
final class Ids {

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private Ids() {
    }

    static String uuid(RandomGenerator random) {
        long hi = (random.nextLong() & ~0xF000L) | 0x4000L;                 // version 4
        long lo = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L; // IETF variant
        char[] c = new char[36];
        hex(hi >>> 32, c, 0, 8);
        c[8] = '-';
        hex(hi >>> 16, c, 9, 4);
        c[13] = '-';
        hex(hi, c, 14, 4);
        c[18] = '-';
        hex(lo >>> 48, c, 19, 4);
        c[23] = '-';
        hex(lo, c, 24, 12);
        return new String(c);
    }

    static String traceId(RandomGenerator random) {
        char[] c = new char[32];
        hex(random.nextLong(), c, 0, 16);
        hex(random.nextLong(), c, 16, 16);
        return new String(c);
    }

    static String spanId(RandomGenerator random) {
        char[] c = new char[16];
        hex(random.nextLong(), c, 0, 16);
        return new String(c);
    }

    /** The low {@code digits} hex digits of {@code v} into {@code out} at {@code at}. */
    private static void hex(long v, char[] out, int at, int digits) {
        for (int i = digits - 1; i >= 0; i--) {
            out[at + i] = HEX[(int) (v & 0xF)];
            v >>>= 4;
        }
    }
}
