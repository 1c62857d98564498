package dev.agentwatch.alerting;

import java.nio.ByteBuffer;

/**
 * Bytes of an {@link AlertState} for the alert state store: a version byte, the phase, a mask of which time
 * stamps are set, then only those (8 bytes each, big-endian). 3 bytes for an idle state, at most 35.
 */
public final class AlertStateCodec {

    public static final byte VERSION = 1;
    static final int MAX_SIZE = 3 + 4 * Long.BYTES;

    private AlertStateCodec() {
    }

    public static byte[] encode(AlertState s) {
        long[] times = {s.activeSince, s.firedAt, s.clearedAt, s.resolvedAt};
        int mask = 0;
        int size = 3;
        for (int i = 0; i < times.length; i++) {
            if (times[i] != AlertState.NONE) {
                mask |= 1 << i;
                size += Long.BYTES;
            }
        }
        ByteBuffer b = ByteBuffer.allocate(size);
        b.put(VERSION).put((byte) s.phase.ordinal()).put((byte) mask);
        for (int i = 0; i < times.length; i++) {
            if ((mask & (1 << i)) != 0) {
                b.putLong(times[i]);
            }
        }
        return b.array();
    }

    /** @throws IllegalArgumentException on bytes this codec did not write */
    public static AlertState decode(byte[] bytes) {
        AlertState s = new AlertState();
        decodeInto(bytes, s);
        return s;
    }

    /** Overwrites {@code s}, so a processor can reuse one instance. */
    public static void decodeInto(byte[] bytes, AlertState s) {
        if (bytes == null || bytes.length < 3 || bytes[0] != VERSION) {
            throw new IllegalArgumentException("not an alert state of version " + VERSION);
        }
        int phase = bytes[1];
        int mask = bytes[2];
        if (phase < 0 || phase >= AlertState.Phase.values().length || (mask & ~0xF) != 0
                || bytes.length != 3 + Long.BYTES * Integer.bitCount(mask)) {
            throw new IllegalArgumentException("malformed alert state");
        }
        ByteBuffer b = ByteBuffer.wrap(bytes, 3, bytes.length - 3);
        s.phase = AlertState.Phase.values()[phase];
        s.activeSince = (mask & 1) != 0 ? b.getLong() : AlertState.NONE;
        s.firedAt = (mask & 2) != 0 ? b.getLong() : AlertState.NONE;
        s.clearedAt = (mask & 4) != 0 ? b.getLong() : AlertState.NONE;
        s.resolvedAt = (mask & 8) != 0 ? b.getLong() : AlertState.NONE;
    }
}
