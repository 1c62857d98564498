package dev.agentwatch.baseline;

import java.time.Duration;

/**
 * A baseline's statistics at one evaluation: robust mean and standard deviation of per-bucket metric
 * values ({@link TrimmedMoments}), the floored standard deviation ({@link StddevFloor}), and how much
 * history they rest on. Immutable; shared by every evaluation until the baseline changes.
 */
public final class BaselineStats {

    /** {@code baseline_min_history} when a rule does not set it. */
    public static final Duration DEFAULT_MIN_HISTORY = Duration.ofMinutes(30);

    /** No history at all (an agent never seen, or a metric it never reported). */
    public static final BaselineStats EMPTY = new BaselineStats(TrimmedMoments.NONE, Double.NaN, 0, 0, Long.MAX_VALUE);

    private final double mean;
    private final double stddev;
    private final double flooredStddev;
    private final int values;
    private final int trimmedPerSide;
    private final long coveredMs;
    private final long horizonMs;

    BaselineStats(TrimmedMoments moments, double absoluteFloor, int values, long coveredMs, long horizonMs) {
        this.mean = moments.mean();
        this.stddev = moments.stddev();
        this.flooredStddev = values == 0 ? Double.NaN : StddevFloor.apply(stddev, mean, absoluteFloor);
        this.values = values;
        this.trimmedPerSide = moments.trimmedPerSide();
        this.coveredMs = coveredMs;
        this.horizonMs = horizonMs;
    }

    /** The trimmed mean of the bucket values: {@code baseline}; NaN without values. */
    public double mean() {
        return mean;
    }

    /** The robust standard deviation, unfloored (0 for a flat series); NaN without values. */
    public double stddev() {
        return stddev;
    }

    /**
     * {@code max(stddev, absolute floor, 1% of |mean|)}: what {@code baseline_stddev} and {@link #zscore}
     * use, so {@code (value - baseline) / baseline_stddev} equals {@code zscore}. NaN without values.
     */
    public double flooredStddev() {
        return flooredStddev;
    }

    /** {@code (value - mean) / flooredStddev}; NaN without values or for a NaN value. */
    public double zscore(double value) {
        return (value - mean) / flooredStddev;
    }

    /** Buckets whose value entered the statistics (before trimming). */
    public int values() {
        return values;
    }

    public int trimmedPerSide() {
        return trimmedPerSide;
    }

    /**
     * Time from the start of the earliest bucket with a value to the end of the horizon's last completed
     * bucket: how long a history the baseline has, whatever the gaps in it.
     */
    public long coveredMs() {
        return coveredMs;
    }

    /**
     * True once the history covers {@code minHistory} ({@link #coveredMs()}), capped at the horizon (a
     * horizon shorter than the minimum could otherwise never be ready), and has at least one value.
     */
    public boolean ready(Duration minHistory) {
        return values > 0 && coveredMs >= Math.min(minHistory.toMillis(), horizonMs);
    }

    /** {@link #ready(Duration)} with {@link #DEFAULT_MIN_HISTORY}. */
    public boolean ready() {
        return ready(DEFAULT_MIN_HISTORY);
    }

    @Override
    public String toString() {
        return "BaselineStats{mean=" + mean + ", stddev=" + stddev + ", floored=" + flooredStddev + ", values="
                + values + ", trimmed=" + trimmedPerSide + "x2, covered=" + Duration.ofMillis(coveredMs) + "}";
    }
}
