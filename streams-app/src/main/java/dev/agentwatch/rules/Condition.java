package dev.agentwatch.rules;

import dev.agentwatch.baseline.BaselineKey;
import dev.agentwatch.window.MetricRef;

import java.time.Duration;
import java.util.List;

/**
 * A compiled condition: two {@link ValueNode} trees, a comparison and the window they are computed over,
 * plus what they read (so the topology knows which windows and baselines to keep). Immutable.
 */
public final class Condition {

    private final String text;
    private final ValueNode left;
    private final Comparison comparison;
    private final ValueNode right;
    private final long windowMs;
    private final List<MetricRef> metrics;
    private final BaselineKey[] baselines;
    private final BaselineKey reportedBaseline;
    private final Dimension valueDimension;
    private final Dimension baselineDimension;

    Condition(String text, ValueNode left, Comparison comparison, ValueNode right, long windowMs,
            List<MetricRef> metrics, List<BaselineKey> baselines, Dimension valueDimension) {
        this.text = text;
        this.left = left;
        this.comparison = comparison;
        this.right = right;
        this.windowMs = windowMs;
        this.metrics = List.copyOf(metrics);
        this.baselines = baselines.toArray(new BaselineKey[0]);
        this.reportedBaseline = baselines.isEmpty() ? null : baselines.get(0);
        this.valueDimension = valueDimension;
        this.baselineDimension = reportedBaseline == null ? Dimension.ANY : Dimension.of(reportedBaseline.metric());
    }

    /** As written (for an override's threshold, the rule's condition with that threshold). */
    public String text() {
        return text;
    }

    /** The {@code for} window, 1 minute by default. */
    public long windowMs() {
        return windowMs;
    }

    public Comparison comparison() {
        return comparison;
    }

    /** Every window metric the condition reads, all over {@link #windowMs()}, without duplicates. */
    public List<MetricRef> metrics() {
        return metrics;
    }

    /** Every baseline the condition reads, without duplicates, in order of appearance. */
    public List<BaselineKey> baselines() {
        return List.of(baselines);
    }

    Dimension valueDimension() {
        return valueDimension;
    }

    Dimension baselineDimension() {
        return baselineDimension;
    }

    /**
     * Evaluates for one agent into {@code out}; allocates nothing. Order: a baseline not yet ready silences the
     * rule; then fewer than {@code minSamples} events is {@link ConditionStatus#NO_DATA} with none and
     * {@link ConditionStatus#TOO_FEW_SAMPLES} with some; then a NaN side is {@code NO_DATA}; else the comparison.
     * Without {@code withValues}, values the status does not need are left NaN and not read: all three below
     * {@code minSamples}, the baseline mean while a baseline is not ready.
     */
    void evaluate(RuleInputs in, int minSamples, Duration minHistory, boolean withValues, RuleEvaluation out) {
        long samples = in.samples(windowMs);
        for (BaselineKey key : baselines) {
            if (!in.baseline(key).ready(minHistory)) {
                out.set(ConditionStatus.BASELINE_NOT_READY, Double.NaN, Double.NaN, withValues ? baselineMean(in) : Double.NaN,
                        samples, windowMs);
                return;
            }
        }
        boolean enough = samples >= minSamples;
        ConditionStatus fewStatus = samples == 0 ? ConditionStatus.NO_DATA : ConditionStatus.TOO_FEW_SAMPLES;
        if (!enough && !withValues) {
            out.set(fewStatus, Double.NaN, Double.NaN, Double.NaN, samples, windowMs);
            return;
        }
        double value = left.eval(in);
        double threshold = right.eval(in);
        ConditionStatus status;
        if (!enough) {
            status = fewStatus;
        } else if (value != value || threshold != threshold) {
            status = ConditionStatus.NO_DATA;
        } else {
            status = comparison.test(value, threshold) ? ConditionStatus.TRUE : ConditionStatus.FALSE;
        }
        out.set(status, value, threshold, baselineMean(in), samples, windowMs);
    }

    private double baselineMean(RuleInputs in) {
        return reportedBaseline == null ? Double.NaN : in.baseline(reportedBaseline).mean();
    }

    @Override
    public String toString() {
        return text;
    }
}
