package dev.agentwatch.baseline;

import dev.agentwatch.window.SliceAggregate;

import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;

/** Synthetic evicted slices and a store-like sink for baseline tests. */
final class Traffic {

    /** 2024-01-01T00:00Z: aligned to every bucket length. */
    static final long T0 = 1_704_067_200_000L;
    static final long SLICE_MS = 10_000;
    static final long MINUTE = 60_000;
    static final long HOUR = 60 * MINUTE;
    static final long DAY = 24 * HOUR;
    static final String CUSTOM = "hallucination_score";

    private Traffic() {
    }

    /** A slice of one successful event with the given total tokens (80% in) and nothing else. */
    static SliceAggregate tokens(long total) {
        SliceAggregate s = new SliceAggregate();
        s.add(1.0, true, total * 4 / 5, total - total * 4 / 5, SliceAggregate.ABSENT, Double.NaN, Double.NaN,
                SliceAggregate.ABSENT, SliceAggregate.ABSENT, SliceAggregate.ABSENT);
        return s;
    }

    /** A slice of {@code n} events of realistic traffic: every field reported, one custom metric, evidence. */
    static SliceAggregate realistic(SplittableRandom r, int n, long timestampMs) {
        return realistic(r, n, timestampMs, true);
    }

    static SliceAggregate realistic(SplittableRandom r, int n, long timestampMs, boolean withCustom) {
        SliceAggregate s = new SliceAggregate();
        for (int i = 0; i < n; i++) {
            long in = 500 + r.nextInt(2_500);
            long out = 100 + r.nextInt(700);
            double latency = Math.exp(Math.log(1_500) + 0.6 * gaussian(r));
            double cost = (in * 3.0 + out * 15.0) / 1e6;
            int calls = r.nextInt(6);
            int failures = r.nextDouble() < 0.1 ? r.nextInt(calls + 1) : 0;
            s.add(1.0, r.nextDouble() > 0.03, in, out, r.nextInt(1_000), latency, cost, calls, failures,
                    r.nextDouble() < 0.1 ? 1 : 0);
            if (withCustom) {
                s.addCustomMetric(CUSTOM, r.nextDouble(), 1.0);
            }
            s.addEvidence(new UUID(r.nextLong(), r.nextLong()).toString(), Long.toHexString(r.nextLong()), timestampMs);
        }
        return s;
    }

    static double gaussian(SplittableRandom r) {
        return Math.sqrt(-2 * Math.log(1 - r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble());
    }

    /** Keeps what a bucket store would hold. */
    static final class RecordingSink implements BucketSink {
        final Map<ByteBuffer, byte[]> store = new HashMap<>();
        int puts;
        int deletes;
        /** Per agent: slices before this are released (their fine bucket is sealed and stored). */
        final Map<String, Long> releasedBefore = new HashMap<>();

        @Override
        public void put(byte[] key, byte[] value) {
            puts++;
            store.put(ByteBuffer.wrap(key.clone()), value);
        }

        @Override
        public void delete(byte[] key) {
            deletes++;
            store.remove(ByteBuffer.wrap(key));
        }

        @Override
        public void fineSealed(String agentId, long end) {
            releasedBefore.merge(agentId, end, Math::max);
        }

        long valueBytes() {
            return store.values().stream().mapToLong(v -> v.length).sum();
        }
    }
}
