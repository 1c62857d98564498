package dev.agentwatch.rules;

/**
 * The result of one evaluation, reused across evaluations so that evaluating allocates nothing. Values are
 * in base units (ms, fractions, USD); NaN where undefined.
 */
public final class RuleEvaluation {

    ConditionStatus status = ConditionStatus.NO_DATA;
    double value = Double.NaN;
    double threshold = Double.NaN;
    double baseline = Double.NaN;
    long samples;
    long windowMs;

    public ConditionStatus status() {
        return status;
    }

    public boolean conditionTrue() {
        return status == ConditionStatus.TRUE;
    }

    /** The left-hand side: for {@code abs(zscore(latency_avg, 7d)) > 3} the absolute z-score. */
    public double value() {
        return value;
    }

    /** The right-hand side: for {@code x > baseline * 1.5} the baseline times 1.5. */
    public double threshold() {
        return threshold;
    }

    /** Mean of the first baseline the condition reads (baseline, baseline_stddev or zscore); NaN if none. */
    public double baseline() {
        return baseline;
    }

    /** Unweighted events in the window. */
    public long samples() {
        return samples;
    }

    public long windowMs() {
        return windowMs;
    }

    void set(ConditionStatus status, double value, double threshold, double baseline, long samples, long windowMs) {
        this.status = status;
        this.value = value;
        this.threshold = threshold;
        this.baseline = baseline;
        this.samples = samples;
        this.windowMs = windowMs;
    }

    @Override
    public String toString() {
        return status + " value=" + value + " threshold=" + threshold + " baseline=" + baseline + " samples=" + samples;
    }
}
