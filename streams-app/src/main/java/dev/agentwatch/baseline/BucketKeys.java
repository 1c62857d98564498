package dev.agentwatch.baseline;

import dev.agentwatch.window.SliceKeys;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Keys of the baseline bucket store: {@code [2-byte length][agent id UTF-8][tier byte][8-byte bucket start,
 * big-endian]}. The agent prefix is {@link SliceKeys#agentPrefix}'s, so one agent's buckets are one
 * contiguous key range; within it the tier byte groups each tier and big-endian starts sort buckets by time.
 * Kept in its own store: slice keys lack the tier byte and would interleave with these.
 */
public final class BucketKeys {

    private static final int SUFFIX = 1 + 8;

    private BucketKeys() {
    }

    public static byte[] agentPrefix(String agentId) {
        return SliceKeys.agentPrefix(agentId);
    }

    /** The key of one bucket, from the agent's prefix (computed once per agent). */
    public static byte[] key(byte[] agentPrefix, Tier tier, long bucketStart) {
        byte[] out = new byte[agentPrefix.length + SUFFIX];
        System.arraycopy(agentPrefix, 0, out, 0, agentPrefix.length);
        out[agentPrefix.length] = tier.code();
        ByteBuffer.wrap(out, agentPrefix.length + 1, 8).putLong(bucketStart);
        return out;
    }

    /** @throws IllegalArgumentException if the key's length does not match its agent id length */
    public static String agentId(byte[] key) {
        int len = idLength(key);
        return new String(key, 2, len, StandardCharsets.UTF_8);
    }

    public static Tier tier(byte[] key) {
        return Tier.ofCode(key[2 + idLength(key)]);
    }

    public static long bucketStart(byte[] key) {
        return ByteBuffer.wrap(key, 2 + idLength(key) + 1, 8).getLong();
    }

    private static int idLength(byte[] key) {
        if (key.length < 2 + SUFFIX) {
            throw new IllegalArgumentException("baseline key too short: " + key.length + " bytes");
        }
        int len = ((key[0] & 0xff) << 8) | (key[1] & 0xff);
        if (key.length != 2 + len + SUFFIX) {
            throw new IllegalArgumentException("baseline key of " + key.length + " bytes for an agent id of " + len);
        }
        return len;
    }
}
