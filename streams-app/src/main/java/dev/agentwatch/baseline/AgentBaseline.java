package dev.agentwatch.baseline;

import dev.agentwatch.window.SliceAggregate;

import java.util.HashMap;
import java.util.Map;

/**
 * One agent's baseline history: the slices the window engine evicts, rolled up into 5-minute buckets kept
 * 24 h and 1-hour buckets kept 30 days ({@link Tier}), answering {@code baseline}, {@code baseline_stddev}
 * and {@code zscore} for any metric and horizon.
 *
 * <p><b>Feeding.</b> {@link #add} takes evicted slices, oldest first. Each goes into the open bucket of each
 * tier; a slice for a later bucket first seals the earlier ones (sketches reduced, {@link SketchReduction}).
 * Writes to the {@link BucketSink} are rare, so that feeding costs no store write per slice: one put per
 * sealed bucket, one checkpoint of the open coarse bucket per sealed fine bucket, one delete per expired
 * bucket. The open fine bucket is never written: its slices stay in the slice store until it seals
 * ({@link BucketSink#fineSealed}), and a restore replays them.
 *
 * <p><b>Querying.</b> {@link #stats(BaselineKey, long)} with {@code end} = the earlier of the rule window's
 * start and the engine's eviction watermark ({@link Baselines#end}): the caller promises that no slice
 * starting before {@code end} will be added any more. The baseline covers the buckets of the key's tier
 * that start in {@code [hi - horizon, hi)}, {@code hi = end} rounded down to a bucket start: completed
 * buckets only, so up to one bucket length (5 min or 1 h) of the most recent evicted history is not yet in
 * it, and the slices still held by the window engine never are. Results are cached per key and are
 * recomputed only when {@code hi} moves (a bucket completed), a bucket expired, or a slice landed in a range
 * already queried: an unchanged baseline costs one hash lookup.
 *
 * <p><b>Size.</b> At most 289 fine and 721 coarse buckets; all but the newest of each tier are sealed.
 * Stored value of a sealed bucket (2-byte header included): at most 280 bytes without custom metrics whatever
 * the traffic (every sum fractional, counts below 2^35; tested), plus 15 bytes for the custom group and
 * {@code 33 + name length} per custom metric name (at most 32 names). Open buckets keep whole sketches, at most
 * about 62 KB in pathological cases (three sketches at their 2,048-bucket cap). Worst case per agent for 30
 * days without custom metrics: 1,008 x 280 B + 2 x 62 KB, about 410 KB; a typical history stays below
 * {@link #TYPICAL_30_DAY_BYTES} (tested). Each key adds {@code 11 + UTF-8 agent id} bytes. Measured sizes are in
 * the README (Benchmarks, state sizes).
 *
 * <p>Not thread-safe; owned by the stream thread of the agent's task.
 */
public final class AgentBaseline {

    /** Bound on the stored bytes of 30 days of one event per 10 s, all fields and one custom metric. */
    public static final long TYPICAL_30_DAY_BYTES = 200_000;

    private final String agentId;
    private final TierHistory fine;
    private final TierHistory coarse;
    private final Map<BaselineKey, Cached> cache = new HashMap<>();
    private long computations;

    public AgentBaseline(String agentId) {
        this.agentId = agentId;
        byte[] prefix = BucketKeys.agentPrefix(agentId);
        this.fine = new TierHistory(Tier.FINE, prefix);
        this.coarse = new TierHistory(Tier.COARSE, prefix);
    }

    public String agentId() {
        return agentId;
    }

    /**
     * Adds an evicted slice (any evidence in it is dropped), then expires buckets past retention as of the
     * slice. Slices must come oldest first; one for an already sealed bucket is dropped and counted.
     */
    public void add(long sliceStart, SliceAggregate slice, BucketSink sink) {
        sealFine(Tier.FINE.startOf(sliceStart), sink);
        fine.add(sliceStart, slice, sink);
        coarse.add(sliceStart, slice, sink);
        fine.expire(sliceStart, sink);
        coarse.expire(sliceStart, sink);
    }

    /** Whether {@link #add} would take a slice starting there, rather than drop it as late. */
    public boolean accepts(long sliceStart) {
        return fine.accepts(sliceStart) && coarse.accepts(sliceStart);
    }

    /**
     * Seals fine buckets before {@code limit}; if one sealed, checkpoints the open coarse bucket (which then
     * holds exactly the slices of sealed fine buckets) and releases those slices.
     */
    private void sealFine(long limit, BucketSink sink) {
        if (fine.sealBefore(limit, sink)) {
            coarse.persistOpen(sink);
            sink.fineSealed(agentId, limit);
        }
    }

    /**
     * Seals buckets that end at or before {@code watermark} (no slice can reach them any more) and deletes
     * buckets older than their tier's retention before it. For agents that have gone quiet; {@link #add}
     * does the same for active ones.
     */
    public void advance(long watermark, BucketSink sink) {
        sealFine(Tier.FINE.startOf(watermark), sink);
        fine.advance(watermark, sink);
        coarse.advance(watermark, sink);
    }

    /** The baseline of {@code key} ending at {@code end}; see the class doc for the contract. */
    public BaselineStats stats(BaselineKey key, long end) {
        TierHistory t = key.tier() == Tier.FINE ? fine : coarse;
        long hi = key.tier().startOf(end);
        Cached c = cache.get(key);
        if (c != null && c.hi == hi && c.version == t.version()) {
            return c.stats;
        }
        BaselineStats stats = t.compute(key, hi);
        computations++;
        if (c == null) {
            c = new Cached();
            cache.put(key, c);
        }
        c.hi = hi;
        c.version = t.version();
        c.stats = stats;
        return stats;
    }

    /** Takes back one stored bucket, at task start before any {@link #add}. */
    public void restore(Tier tier, long bucketStart, byte[] value) {
        (tier == Tier.FINE ? fine : coarse).restore(bucketStart, value);
    }

    public boolean isEmpty() {
        return fine.buckets().isEmpty() && coarse.buckets().isEmpty();
    }

    public int bucketCount(Tier tier) {
        return (tier == Tier.FINE ? fine : coarse).buckets().size();
    }

    /** Slices that arrived for an already sealed bucket (zero when the eviction order holds). */
    public long droppedLateSlices() {
        return fine.droppedLateSlices() + coarse.droppedLateSlices();
    }

    /** Statistics computed rather than served from the cache, for tests and metrics. */
    long computations() {
        return computations;
    }

    TierHistory history(Tier tier) {
        return tier == Tier.FINE ? fine : coarse;
    }

    /** Cached statistics of one key: valid while the range end and the tier's version are unchanged. */
    private static final class Cached {
        long hi;
        long version;
        BaselineStats stats;
    }
}
