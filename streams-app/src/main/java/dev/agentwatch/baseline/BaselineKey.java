package dev.agentwatch.baseline;

import dev.agentwatch.window.MetricRef;

import java.time.Duration;

/**
 * One baseline a rule reads: a metric over a trailing horizon, for a rule window of a given length.
 * Resolved once per rule; every agent's history caches its statistics under it, so evaluation costs one
 * hash lookup while the baseline has not changed.
 *
 * <p>The window length matters only for extensive metrics (counts and sums, scaled from bucket length to
 * window length, see {@link MetricScaling}) and for the absolute stddev floor of rates ({@link StddevFloor}).
 */
public final class BaselineKey {

    public static final Duration DEFAULT_HORIZON = Duration.ofHours(1);
    /** Shortest horizon: one fine bucket. */
    public static final Duration MIN_HORIZON = Duration.ofMillis(Tier.FINE.bucketMs());
    /** Longest horizon: the coarse tier's retention. */
    public static final Duration MAX_HORIZON = Duration.ofMillis(Tier.COARSE.retentionMs());

    private final MetricRef metric;
    private final long horizonMs;
    private final long windowMs;
    private final Tier tier;
    private final boolean extensive;
    private final double absoluteFloor;
    private final int hash;

    private BaselineKey(MetricRef metric, long horizonMs, long windowMs) {
        this.metric = metric;
        this.horizonMs = horizonMs;
        this.windowMs = windowMs;
        this.tier = Tier.forHorizon(horizonMs);
        this.extensive = MetricScaling.isExtensive(metric);
        this.absoluteFloor = StddevFloor.absolute(metric, windowMs);
        this.hash = (metric.hashCode() * 31 + Long.hashCode(horizonMs)) * 31 + Long.hashCode(windowMs);
    }

    /**
     * @param horizon how far back the baseline reaches, in [{@link #MIN_HORIZON}, {@link #MAX_HORIZON}]
     * @param window the rule's {@code for} window that the metric is compared over, > 0
     * @throws IllegalArgumentException if the horizon or window is out of range
     */
    public static BaselineKey of(MetricRef metric, Duration horizon, Duration window) {
        long h = horizon.toMillis();
        long w = window.toMillis();
        if (h < MIN_HORIZON.toMillis() || h > MAX_HORIZON.toMillis()) {
            throw new IllegalArgumentException("baseline horizon " + horizon + " is outside [" + MIN_HORIZON + ", "
                    + MAX_HORIZON + "]");
        }
        if (w <= 0) {
            throw new IllegalArgumentException("rule window must be > 0: " + window);
        }
        return new BaselineKey(metric, h, w);
    }

    public MetricRef metric() {
        return metric;
    }

    public long horizonMs() {
        return horizonMs;
    }

    public long windowMs() {
        return windowMs;
    }

    /** Fine buckets for horizons up to 24 h, coarse beyond. */
    public Tier tier() {
        return tier;
    }

    /** True if bucket values are rescaled by {@code windowMs / bucketMs} (counts and sums). */
    public boolean extensive() {
        return extensive;
    }

    /** The absolute part of the stddev floor ({@link StddevFloor}). */
    public double absoluteFloor() {
        return absoluteFloor;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof BaselineKey)) {
            return false;
        }
        BaselineKey k = (BaselineKey) o;
        return horizonMs == k.horizonMs && windowMs == k.windowMs && metric.equals(k.metric);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public String toString() {
        return "baseline(" + metric + ", " + Duration.ofMillis(horizonMs) + ") for " + Duration.ofMillis(windowMs);
    }
}
