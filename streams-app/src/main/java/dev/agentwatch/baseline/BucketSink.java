package dev.agentwatch.baseline;

/**
 * Where a baseline history writes its changes: the streams processor forwards them to its bucket store
 * (keys from {@link BucketKeys}, values from {@link BucketCodec}), so the changelog can rebuild the history.
 */
public interface BucketSink {

    /** A sink that keeps nothing, for histories that need no persistence. */
    BucketSink NONE = new BucketSink() {
        @Override
        public void put(byte[] key, byte[] value) {
        }

        @Override
        public void delete(byte[] key) {
        }
    };

    /**
     * A bucket was sealed, or an open coarse bucket is checkpointed (when a fine bucket seals). The arrays
     * are not modified afterwards. Open fine buckets are never written: their slices stay in the slice store
     * until {@link #fineSealed}, and restoring replays them.
     */
    void put(byte[] key, byte[] value);

    /** A bucket left its tier's retention. */
    void delete(byte[] key);

    /**
     * The agent's fine buckets before {@code end} are sealed and stored: its evicted slices that start before
     * {@code end} are no longer needed to rebuild anything.
     */
    default void fineSealed(String agentId, long end) {
    }
}
