package dev.agentwatch.window;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Keys of the slice store: {@code [2-byte length][agent id UTF-8][8-byte slice start, big-endian]}. The
 * length prefix makes one agent's keys a contiguous range that no other agent's id can fall into
 * ("ab" vs "abc"), and big-endian starts sort slices by time within it.
 */
public final class SliceKeys {

    private SliceKeys() {
    }

    public static byte[] agentPrefix(String agentId) {
        byte[] id = agentId.getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[2 + id.length];
        out[0] = (byte) (id.length >>> 8);
        out[1] = (byte) id.length;
        System.arraycopy(id, 0, out, 2, id.length);
        return out;
    }

    /** The key of one slice, from the agent's prefix (computed once per agent). */
    public static byte[] key(byte[] agentPrefix, long sliceStart) {
        byte[] out = new byte[agentPrefix.length + 8];
        System.arraycopy(agentPrefix, 0, out, 0, agentPrefix.length);
        ByteBuffer.wrap(out, agentPrefix.length, 8).putLong(sliceStart);
        return out;
    }

    public static String agentId(byte[] key) {
        int len = ((key[0] & 0xff) << 8) | (key[1] & 0xff);
        return new String(key, 2, len, StandardCharsets.UTF_8);
    }

    public static long sliceStart(byte[] key) {
        return ByteBuffer.wrap(key, key.length - 8, 8).getLong();
    }
}
