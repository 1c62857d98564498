package dev.agentwatch.rules;

import dev.agentwatch.baseline.BaselineKey;
import dev.agentwatch.baseline.BaselineStats;
import dev.agentwatch.window.MetricRef;
import dev.agentwatch.window.Metrics;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/** Hand-set rule inputs: metric values by canonical name, baselines by key, one sample count. */
public final class FakeInputs implements RuleInputs {

    private final Map<String, Double> metrics = new HashMap<>();
    private final Map<BaselineKey, BaselineStats> baselines = new HashMap<>();
    /** Every (metric, window) the rule asked for. */
    public final Set<MetricNeed> asked = new HashSet<>();
    public long samples = 100;

    public FakeInputs metric(String name, double value) {
        metrics.put(Metrics.resolve(name).name(), value);
        return this;
    }

    public FakeInputs baseline(BaselineKey key, BaselineStats stats) {
        baselines.put(key, stats);
        return this;
    }

    public FakeInputs withSamples(long n) {
        samples = n;
        return this;
    }

    @Override
    public double metric(MetricRef metric, long windowMs) {
        asked.add(new MetricNeed(metric, windowMs));
        return metrics.getOrDefault(metric.name(), Double.NaN);
    }

    @Override
    public BaselineStats baseline(BaselineKey key) {
        return baselines.getOrDefault(key, BaselineStats.EMPTY);
    }

    @Override
    public long samples(long windowMs) {
        return samples;
    }
}
