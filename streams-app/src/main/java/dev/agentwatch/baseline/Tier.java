package dev.agentwatch.baseline;

/**
 * The two resolutions of a baseline history. Fine buckets serve horizons up to {@link #FINE}'s retention,
 * coarse buckets everything longer, so that 30 days fit in about a thousand buckets per agent. Bucket
 * starts are aligned to multiples of the bucket length since the epoch.
 */
public enum Tier {
    /** 5-minute buckets, kept 24 hours. */
    FINE((byte) 0, 5 * 60_000L, 24 * 3_600_000L),
    /** 1-hour buckets, kept 30 days. */
    COARSE((byte) 1, 3_600_000L, 30 * 24 * 3_600_000L);

    private final byte code;
    private final long bucketMs;
    private final long retentionMs;

    Tier(byte code, long bucketMs, long retentionMs) {
        this.code = code;
        this.bucketMs = bucketMs;
        this.retentionMs = retentionMs;
    }

    /** The byte that stands for this tier in store keys. */
    public byte code() {
        return code;
    }

    public long bucketMs() {
        return bucketMs;
    }

    /** How far back from the watermark buckets are kept; also the longest horizon this tier serves. */
    public long retentionMs() {
        return retentionMs;
    }

    /** Start of the bucket holding {@code timestampMs}. */
    public long startOf(long timestampMs) {
        return Math.floorDiv(timestampMs, bucketMs) * bucketMs;
    }

    /** The finest tier whose retention covers the horizon: fine up to 24 h, coarse beyond. */
    public static Tier forHorizon(long horizonMs) {
        return horizonMs <= FINE.retentionMs ? FINE : COARSE;
    }

    /** @throws IllegalArgumentException for a byte that is no tier's code */
    public static Tier ofCode(byte code) {
        for (Tier t : values()) {
            if (t.code == code) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown baseline tier code " + code);
    }
}
