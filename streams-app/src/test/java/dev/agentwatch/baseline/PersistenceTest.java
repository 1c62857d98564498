package dev.agentwatch.baseline;

import static dev.agentwatch.baseline.Traffic.DAY;
import static dev.agentwatch.baseline.Traffic.HOUR;
import static dev.agentwatch.baseline.Traffic.MINUTE;
import static dev.agentwatch.baseline.Traffic.SLICE_MS;
import static dev.agentwatch.baseline.Traffic.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentwatch.window.Metrics;
import dev.agentwatch.window.SliceAggregate;
import dev.agentwatch.window.SliceKeys;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class PersistenceTest {

    private static final String AGENT = "support-bot-ü";

    private static final List<BaselineKey> KEYS = List.of(
            key("tokens_per_request", Duration.ofHours(1), Duration.ofMinutes(5)),
            key("latency_p95", Duration.ofHours(24), Duration.ofMinutes(1)),
            key("cost_usd", Duration.ofDays(7), Duration.ofMinutes(10)),
            key("error_rate", Duration.ofDays(30), Duration.ofMinutes(10)),
            key("metrics." + Traffic.CUSTOM, Duration.ofHours(1), Duration.ofMinutes(1)),
            key("max(metrics." + Traffic.CUSTOM + ")", Duration.ofHours(25), Duration.ofMinutes(1)),
            key("latency_max", Duration.ofDays(2), Duration.ofMinutes(30)));

    private static BaselineKey key(String metric, Duration horizon, Duration window) {
        return BaselineKey.of(Metrics.resolve(metric), horizon, window);
    }

    // ---------------------------------------------------------------- codec and keys

    @Test
    void openAndSealedBucketsRoundTrip() {
        SliceAggregate open = Traffic.realistic(new SplittableRandom(1), 100, T0);
        open.clearEvidence();
        byte[] value = BucketCodec.encodeOpen(open);
        assertThat(BucketCodec.isSealed(value)).isFalse();
        assertThat(BucketCodec.decode(value)).isEqualTo(open);

        SketchReduction.reduce(open);
        byte[] sealed = BucketCodec.encodeSealed(open);
        assertThat(BucketCodec.isSealed(sealed)).isTrue();
        assertThat(BucketCodec.decode(sealed)).isEqualTo(open);
        SliceAggregate reused = Traffic.realistic(new SplittableRandom(2), 3, T0);
        BucketCodec.decodeInto(sealed, reused);
        assertThat(reused).isEqualTo(open);
    }

    @Test
    void corruptValuesAreRefused() {
        byte[] value = BucketCodec.encodeOpen(Traffic.tokens(10));
        byte[] badVersion = value.clone();
        badVersion[0] = 9;
        byte[] badState = value.clone();
        badState[1] = 7;
        byte[] trailing = Arrays.copyOf(value, value.length + 1);
        assertThatThrownBy(() -> BucketCodec.decode(badVersion)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> BucketCodec.decode(badState)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> BucketCodec.decode(trailing)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void keysCarryAgentTierAndStartAndSortByTimeWithinAnAgentsTier() {
        byte[] prefix = BucketKeys.agentPrefix(AGENT);
        byte[] key = BucketKeys.key(prefix, Tier.COARSE, T0);
        assertThat(Arrays.copyOf(key, prefix.length)).isEqualTo(SliceKeys.agentPrefix(AGENT));
        assertThat(key).hasSize(prefix.length + 9);
        assertThat(BucketKeys.agentId(key)).isEqualTo(AGENT);
        assertThat(BucketKeys.tier(key)).isEqualTo(Tier.COARSE);
        assertThat(BucketKeys.bucketStart(key)).isEqualTo(T0);
        assertThat(BucketKeys.bucketStart(BucketKeys.key(prefix, Tier.FINE, -300_000))).isEqualTo(-300_000);
        assertThat(Arrays.compareUnsigned(BucketKeys.key(prefix, Tier.FINE, T0), BucketKeys.key(prefix, Tier.FINE, T0 + 300_000)))
                .isNegative();
        assertThat(Arrays.compareUnsigned(BucketKeys.key(prefix, Tier.FINE, T0 + DAY), BucketKeys.key(prefix, Tier.COARSE, T0)))
                .isNegative();
        assertThatThrownBy(() -> BucketKeys.agentId(Arrays.copyOf(key, key.length - 1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    // ---------------------------------------------------------------- restore

    @Test
    void aHistoryRestoredFromItsStoreEqualsTheOriginalAndStaysEqual() {
        SplittableRandom r = new SplittableRandom(7);
        Baselines original = new Baselines();
        Traffic.RecordingSink store = new Traffic.RecordingSink();
        long t = T0 + 7 * MINUTE; // not aligned: open buckets in both tiers at the end
        Map<Long, SliceAggregate> evicted = new java.util.TreeMap<>(); // what the slice store would still hold
        for (; t < T0 + 2 * DAY + 3 * HOUR + 7 * MINUTE; t += 30_000) {
            SliceAggregate slice = Traffic.realistic(r, 1 + r.nextInt(3), t);
            evicted.put(t, slice);
            original.onEvicted(AGENT, t, slice, store);
        }
        original.onEvicted("other", t, Traffic.tokens(5), store);

        Baselines restored = new Baselines();
        Traffic.RecordingSink restoredStore = new Traffic.RecordingSink();
        for (Map.Entry<ByteBuffer, byte[]> e : store.store.entrySet()) {
            restored.restore(e.getKey().array(), e.getValue());
            restoredStore.store.put(e.getKey(), e.getValue());
        }
        // The open fine bucket was never stored: the slices not yet released are replayed, as the processor does.
        long released = store.releasedBefore.get(AGENT);
        assertThat(released).isGreaterThan(T0);
        for (Map.Entry<Long, SliceAggregate> e : evicted.entrySet()) {
            if (e.getKey() >= released) {
                restored.onEvicted(AGENT, e.getKey(), e.getValue(), restoredStore);
            }
        }
        restored.onEvicted("other", t, Traffic.tokens(5), restoredStore);
        assertThat(restored.agents()).hasSize(2);
        assertSameHistory(original.agent(AGENT), restored.agent(AGENT), t);

        // both go on from there: same store changes, same statistics
        for (long end = t + 3 * HOUR; t < end; t += 30_000) {
            SliceAggregate slice = Traffic.realistic(r, 2, t);
            original.onEvicted(AGENT, t, slice, store);
            restored.onEvicted(AGENT, t, slice, restoredStore);
        }
        assertSameHistory(original.agent(AGENT), restored.agent(AGENT), t);
        assertThat(restoredStore.store.keySet()).isEqualTo(store.store.keySet());
        for (ByteBuffer k : store.store.keySet()) {
            assertThat(restoredStore.store.get(k)).isEqualTo(store.store.get(k));
        }
    }

    private static void assertSameHistory(AgentBaseline a, AgentBaseline b, long end) {
        for (Tier tier : Tier.values()) {
            Map<Long, Bucket> x = a.history(tier).buckets();
            Map<Long, Bucket> y = b.history(tier).buckets();
            assertThat(y.keySet()).isEqualTo(x.keySet());
            for (Long start : x.keySet()) {
                assertThat(y.get(start).isSealed()).isEqualTo(x.get(start).isSealed());
                assertThat(y.get(start).value()).isEqualTo(x.get(start).value());
            }
        }
        for (BaselineKey k : KEYS) {
            BaselineStats s = a.stats(k, end);
            BaselineStats u = b.stats(k, end);
            assertThat(s.values()).as(k.toString()).isPositive();
            assertThat(u.values()).as(k.toString()).isEqualTo(s.values());
            assertThat(u.mean()).as(k.toString()).isEqualTo(s.mean());
            assertThat(u.stddev()).as(k.toString()).isEqualTo(s.stddev());
            assertThat(u.coveredMs()).as(k.toString()).isEqualTo(s.coveredMs());
        }
    }

    // ---------------------------------------------------------------- expiry

    @Test
    void bucketsPastTheirTiersRetentionAreDeletedFromTheStore() {
        Baselines baselines = new Baselines();
        Traffic.RecordingSink store = new Traffic.RecordingSink();
        long last = 0;
        for (long t = T0; t < T0 + 32 * DAY; t += (t < T0 + 30 * DAY ? 20 * MINUTE : MINUTE)) { // every bucket has data
            baselines.onEvicted(AGENT, t, Traffic.tokens(100), store);
            last = t;
        }
        AgentBaseline a = baselines.agent(AGENT);
        RetentionCheck.assertRetained(a, Tier.FINE, last);
        RetentionCheck.assertRetained(a, Tier.COARSE, last);
        assertThat(a.bucketCount(Tier.FINE)).isEqualTo(289);
        assertThat(a.bucketCount(Tier.COARSE)).isEqualTo(721);
        assertThat(store.deletes).isPositive();
        // Stored: every sealed bucket; the open fine bucket never (its slices are); the open coarse one as of
        // the last fine seal, at most.
        assertThat(storedStarts(store, Tier.FINE)).isEqualTo(sealedStarts(a, Tier.FINE));
        assertThat(storedStarts(store, Tier.COARSE)).containsAll(sealedStarts(a, Tier.COARSE))
                .isSubsetOf(a.history(Tier.COARSE).buckets().keySet());

        // a quiet agent: advance seals its open buckets, then expires everything and is forgotten
        baselines.advance(last + HOUR, store);
        assertThat(store.store.values()).allMatch(BucketCodec::isSealed);
        baselines.advance(last + 31 * DAY, store);
        assertThat(baselines.agent(AGENT)).isNull();
        assertThat(store.store).isEmpty();
    }

    private static TreeSet<Long> sealedStarts(AgentBaseline a, Tier tier) {
        TreeSet<Long> starts = new TreeSet<>();
        a.history(tier).buckets().forEach((start, b) -> {
            if (b.isSealed()) {
                starts.add(start);
            }
        });
        return starts;
    }

    private static TreeSet<Long> storedStarts(Traffic.RecordingSink store, Tier tier) {
        TreeSet<Long> starts = new TreeSet<>();
        for (ByteBuffer k : store.store.keySet()) {
            if (BucketKeys.tier(k.array()) == tier) {
                starts.add(BucketKeys.bucketStart(k.array()));
            }
        }
        return starts;
    }

    /** Retention check shared by the expiry tests. */
    private static final class RetentionCheck {
        static void assertRetained(AgentBaseline a, Tier tier, long watermark) {
            long oldest = a.history(tier).buckets().firstKey();
            assertThat(oldest).isGreaterThanOrEqualTo(tier.startOf(watermark) - tier.retentionMs());
            assertThat(oldest).isLessThan(tier.startOf(watermark) - tier.retentionMs() + tier.bucketMs());
        }
    }

    // ---------------------------------------------------------------- size

    @Test
    void thirtyDaysOfOneEventPerTenSecondsStayWithinTheStatedBytes() {
        SplittableRandom r = new SplittableRandom(30);
        Traffic.RecordingSink store = new Traffic.RecordingSink();
        AgentBaseline a = new AgentBaseline(AGENT);
        for (long t = T0; t < T0 + 30 * DAY; t += SLICE_MS) {
            a.add(t, Traffic.realistic(r, 1, t), store);
        }
        long total = store.valueBytes();
        List<Integer> sealed = new ArrayList<>();
        List<Integer> open = new ArrayList<>();
        for (byte[] v : store.store.values()) {
            (BucketCodec.isSealed(v) ? sealed : open).add(v.length);
        }
        System.out.printf("30 d, 1 event/10 s: %d buckets (%d fine, %d coarse), %d bytes; sealed max %d avg %.0f;"
                        + " open %s%n", store.store.size(), a.bucketCount(Tier.FINE), a.bucketCount(Tier.COARSE), total,
                sealed.stream().mapToInt(i -> i).max().orElse(0), sealed.stream().mapToInt(i -> i).average().orElse(0), open);
        // everything but the open fine bucket, whose slices stay in the slice store until it seals
        assertThat(store.store).hasSize(a.bucketCount(Tier.FINE) - 1 + a.bucketCount(Tier.COARSE));
        assertThat(a.bucketCount(Tier.FINE)).isLessThanOrEqualTo(289);
        assertThat(a.bucketCount(Tier.COARSE)).isLessThanOrEqualTo(721);
        assertThat(open).hasSize(1); // the coarse checkpoint
        assertThat(sealed).allMatch(n -> n <= 200);
        assertThat(total).isLessThanOrEqualTo(AgentBaseline.TYPICAL_30_DAY_BYTES);
        assertThat(a.droppedLateSlices()).isZero();
        assertThat(a.stats(KEYS.get(3), T0 + 30 * DAY).values()).isEqualTo(720);
    }
}
