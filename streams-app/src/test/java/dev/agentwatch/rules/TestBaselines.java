package dev.agentwatch.rules;

import dev.agentwatch.baseline.AgentBaseline;
import dev.agentwatch.baseline.BaselineKey;
import dev.agentwatch.baseline.BaselineStats;
import dev.agentwatch.baseline.BucketSink;
import dev.agentwatch.window.SliceAggregate;

import java.util.function.IntToDoubleFunction;

/**
 * Real {@link BaselineStats} (through {@link AgentBaseline}), from one slice per bucket of the key's tier
 * whose metric value is given: tests read baselines the way the topology will.
 */
public final class TestBaselines {

    /** 2024-01-01T00:00Z, aligned to every bucket length. */
    public static final long T0 = 1_704_067_200_000L;

    private TestBaselines() {
    }

    /** Every bucket of the horizon at {@code value}: mean = value, stddev 0 (floored). */
    public static BaselineStats constant(BaselineKey key, double value) {
        return of(key, (int) (key.horizonMs() / key.tier().bucketMs()), i -> value);
    }

    /** Buckets alternating {@code low} and {@code high} across the whole horizon. */
    public static BaselineStats alternating(BaselineKey key, double low, double high) {
        return of(key, (int) (key.horizonMs() / key.tier().bucketMs()), i -> i % 2 == 0 ? low : high);
    }

    /** {@code buckets} buckets ending at the baseline's end, the i-th (oldest first) at {@code value(i)}. */
    public static BaselineStats of(BaselineKey key, int buckets, IntToDoubleFunction value) {
        AgentBaseline a = new AgentBaseline("test-agent");
        long bucketMs = key.tier().bucketMs();
        long end = T0 + 40L * 24 * 3_600_000; // far enough from T0 for any horizon
        long first = end - buckets * bucketMs;
        for (int i = 0; i < buckets; i++) {
            a.add(first + i * bucketMs, slice(key.metric().name(), value.applyAsDouble(i)), BucketSink.NONE);
        }
        a.advance(end, BucketSink.NONE);
        return a.stats(key, end);
    }

    /** Ten events whose metric is {@code v}. */
    private static SliceAggregate slice(String metric, double v) {
        SliceAggregate s = new SliceAggregate();
        int n = 10;
        for (int i = 0; i < n; i++) {
            switch (metric) {
                case "tokens_per_request":
                    s.add(1.0, true, Math.round(v), 0, -1, Double.NaN, Double.NaN, -1, -1, -1);
                    break;
                case "latency_avg":
                    s.add(1.0, true, -1, -1, -1, v, Double.NaN, -1, -1, -1);
                    break;
                case "error_rate":
                    s.add(1.0, i >= Math.round(v * n), -1, -1, -1, Double.NaN, Double.NaN, -1, -1, -1);
                    break;
                default:
                    throw new IllegalArgumentException("no test slices for " + metric);
            }
        }
        return s;
    }
}
