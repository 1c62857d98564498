package dev.agentwatch.rules;

import dev.agentwatch.baseline.BaselineKey;
import dev.agentwatch.baseline.BaselineStats;
import dev.agentwatch.window.MetricRef;
import dev.agentwatch.window.SliceAggregate;

import java.util.HashMap;
import java.util.Map;

/** Rule inputs over one real window aggregate, as the topology will provide them (any window length). */
public final class SliceInputs implements RuleInputs {

    public final SliceAggregate window = new SliceAggregate();
    private final Map<BaselineKey, BaselineStats> baselines = new HashMap<>();

    public SliceInputs baseline(BaselineKey key, BaselineStats stats) {
        baselines.put(key, stats);
        return this;
    }

    /** {@code n} successful events with only the given latency. */
    public SliceInputs latencies(int n, double latencyMs) {
        for (int i = 0; i < n; i++) {
            window.add(1.0, true, -1, -1, -1, latencyMs, Double.NaN, -1, -1, -1);
        }
        return this;
    }

    /** {@code n} events, {@code failed} of them unsuccessful. */
    public SliceInputs outcomes(int n, int failed) {
        for (int i = 0; i < n; i++) {
            window.add(1.0, i >= failed, -1, -1, -1, Double.NaN, Double.NaN, -1, -1, -1);
        }
        return this;
    }

    /** {@code n} events of {@code tokensIn + tokensOut} tokens. */
    public SliceInputs tokens(int n, long tokensIn, long tokensOut) {
        for (int i = 0; i < n; i++) {
            window.add(1.0, true, tokensIn, tokensOut, -1, Double.NaN, Double.NaN, -1, -1, -1);
        }
        return this;
    }

    /** {@code n} events of one tool call each, {@code failing} of them with the call failed. */
    public SliceInputs toolCalls(int n, int failing) {
        for (int i = 0; i < n; i++) {
            window.add(1.0, true, -1, -1, -1, Double.NaN, Double.NaN, 1, i < failing ? 1 : 0, -1);
        }
        return this;
    }

    @Override
    public double metric(MetricRef metric, long windowMs) {
        return metric.valueOf(window, windowMs);
    }

    @Override
    public BaselineStats baseline(BaselineKey key) {
        return baselines.getOrDefault(key, BaselineStats.EMPTY);
    }

    @Override
    public long samples(long windowMs) {
        return window.rawCount();
    }
}
