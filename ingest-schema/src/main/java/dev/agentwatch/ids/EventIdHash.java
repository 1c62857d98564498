package dev.agentwatch.ids;

/**
 * A 64-bit hash of an event_id, the one both uses share: the streams app's per-slice de-duplication (two
 * distinct ids of one slice collide with a probability of about n^2 / 2^65, negligible at any slice size) and
 * the producers' sampling decision (uniform over ids, so a resend gets the same decision). FNV-1a over the
 * UTF-16 chars (no allocation), then a strong finalizer so that nearby ids ("e-1", "e-2") spread over all 64
 * bits. Changing it changes which stored hashes match, so it stays as it is.
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
