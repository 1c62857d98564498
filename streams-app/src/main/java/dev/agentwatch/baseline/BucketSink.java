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

    /** A bucket was created, grew or was sealed. The arrays are not modified afterwards. */
    void put(byte[] key, byte[] value);

    /** A bucket left its tier's retention. */
    void delete(byte[] key);
}
