package dev.agentwatch.baseline;

import dev.agentwatch.window.SliceAggregate;

import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * One agent's buckets of one tier, by start. Slices arrive oldest first; a slice for a later bucket seals
 * every open bucket before it. A slice for a sealed bucket is late beyond repair: it is counted and dropped
 * (the window engine's eviction order rules this out).
 *
 * <p>{@link #version()} changes whenever statistics computed earlier may be stale: a bucket expired, or a
 * slice landed in a bucket a query already covered. Sealing alone does not change it: the reduced bucket
 * gives every catalogue metric the same value.
 */
final class TierHistory {

    private final Tier tier;
    private final byte[] agentPrefix;
    private final TreeMap<Long, Bucket> buckets = new TreeMap<>();
    /** Every bucket starting before this is sealed; MIN_VALUE when not known (new, or just restored). */
    private long sealedBefore = Long.MIN_VALUE;
    private long version;
    /** End of the latest range any query covered: slices before it invalidate cached statistics. */
    private long queriedHi = Long.MIN_VALUE;
    private long droppedLateSlices;

    TierHistory(Tier tier, byte[] agentPrefix) {
        this.tier = tier;
        this.agentPrefix = agentPrefix;
    }

    Tier tier() {
        return tier;
    }

    long version() {
        return version;
    }

    long droppedLateSlices() {
        return droppedLateSlices;
    }

    NavigableMap<Long, Bucket> buckets() {
        return buckets;
    }

    /** Whether a slice starting there would be taken: its bucket is not sealed. */
    boolean accepts(long sliceStart) {
        long start = tier.startOf(sliceStart);
        if (start < sealedBefore) {
            return false;
        }
        Bucket bucket = buckets.get(start);
        return bucket == null || !bucket.isSealed();
    }

    /** Adds an evicted slice to its bucket (sealing earlier ones); writes nothing for the open bucket. */
    void add(long sliceStart, SliceAggregate slice, BucketSink sink) {
        long start = tier.startOf(sliceStart);
        Bucket bucket = start < sealedBefore ? null : buckets.get(start);
        if (start < sealedBefore || (bucket != null && bucket.isSealed())) {
            droppedLateSlices++;
            return;
        }
        sealBefore(start, sink);
        if (bucket == null) {
            bucket = Bucket.empty();
            buckets.put(start, bucket);
        }
        bucket.add(slice);
        if (start < queriedHi) {
            version++;
        }
    }

    /** Writes the open bucket, if any (a checkpoint of the coarse tier each time a fine bucket seals). */
    void persistOpen(BucketSink sink) {
        if (!buckets.isEmpty() && !buckets.lastEntry().getValue().isSealed()) {
            sink.put(key(buckets.lastKey()), buckets.lastEntry().getValue().value());
        }
    }

    /** Seals buckets that end at or before the watermark, and deletes those past the tier's retention. */
    void advance(long watermark, BucketSink sink) {
        sealBefore(tier.startOf(watermark), sink);
        expire(watermark, sink);
    }

    /** Seals every open bucket that starts before {@code limit}; true if one was sealed. */
    boolean sealBefore(long limit, BucketSink sink) {
        if (limit <= sealedBefore) {
            return false;
        }
        NavigableMap<Long, Bucket> range = sealedBefore == Long.MIN_VALUE
                ? buckets.headMap(limit, false) : buckets.subMap(sealedBefore, true, limit, false);
        boolean sealed = false;
        for (Map.Entry<Long, Bucket> e : range.entrySet()) {
            if (!e.getValue().isSealed()) {
                sink.put(key(e.getKey()), e.getValue().seal());
                sealed = true;
            }
        }
        sealedBefore = limit;
        return sealed;
    }

    /** Deletes buckets starting before {@code startOf(watermark) - retention}. */
    void expire(long watermark, BucketSink sink) {
        long limit = tier.startOf(watermark) - tier.retentionMs();
        while (!buckets.isEmpty() && buckets.firstKey() < limit) {
            long start = buckets.pollFirstEntry().getKey();
            sink.delete(key(start));
            version++;
        }
    }

    /** Takes back one stored bucket (at task start). */
    void restore(long start, byte[] value) {
        buckets.put(start, Bucket.restored(value));
        sealedBefore = Long.MIN_VALUE; // unknown until the next seal, which then scans from the first bucket
        version++;
    }

    /**
     * Statistics of the key's metric over the buckets starting in {@code [hi - horizon, hi)}. Buckets
     * without requests and NaN values are skipped. O(buckets in range); callers cache the result.
     */
    BaselineStats compute(BaselineKey key, long hi) {
        long lo = hi - key.horizonMs();
        NavigableMap<Long, Bucket> range = buckets.subMap(lo, true, hi, false);
        double[] values = new double[range.size()];
        double scale = key.extensive() ? (double) key.windowMs() / tier.bucketMs() : 1.0;
        SliceAggregate scratch = new SliceAggregate();
        long first = hi;
        int n = 0;
        for (Map.Entry<Long, Bucket> e : range.entrySet()) {
            SliceAggregate agg = e.getValue().aggregate(scratch);
            if (!(agg.requests() > 0)) {
                continue;
            }
            double v = key.metric().valueOf(agg, tier.bucketMs());
            if (Double.isNaN(v)) {
                continue;
            }
            if (n == 0) {
                first = e.getKey();
            }
            values[n++] = v * scale;
        }
        queriedHi = Math.max(queriedHi, hi);
        return new BaselineStats(TrimmedMoments.of(values, n), key.absoluteFloor(), n, hi - first, key.horizonMs());
    }

    private byte[] key(long start) {
        return BucketKeys.key(agentPrefix, tier, start);
    }
}
