package dev.agentwatch.window;

/**
 * A 64-bit hash of an event_id for {@link EventIds}: FNV-1a over the UTF-16 chars (no allocation), then a
 * strong finalizer so that nearby ids ("e-1", "e-2") spread over all 64 bits. With 64 bits, two distinct ids
 * of one slice collide with a probability of about n^2 / 2^65, negligible at any slice size.
 */
public final class EventIdHash {

    private EventIdHash() {
    }

    public static long of(CharSequence eventId) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0, n = eventId.length(); i < n; i++) {
            h ^= eventId.charAt(i);
            h *= 0x100000001b3L;
        }
        // The 64-bit finalizer of MurmurHash3 (a published constant-and-shift recipe).
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h;
    }
}
