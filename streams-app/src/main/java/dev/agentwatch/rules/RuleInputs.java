package dev.agentwatch.rules;

import dev.agentwatch.baseline.BaselineKey;
import dev.agentwatch.baseline.BaselineStats;
import dev.agentwatch.window.MetricRef;

/**
 * What a rule reads about one agent at one evaluation. The streams topology implements it over the agent's
 * windows and baselines; implementations should not allocate per call.
 */
public interface RuleInputs {

    /** The metric over the trailing window of {@code windowMs} ending now; NaN when undefined (no data). */
    double metric(MetricRef metric, long windowMs);

    /**
     * The baseline of {@code key} ending where that window starts ({@code key.windowMs()} before now), or
     * {@link BaselineStats#EMPTY} when the agent has no history.
     */
    BaselineStats baseline(BaselineKey key);

    /** Events in the trailing window, unweighted (SliceAggregate.rawCount): what {@code min_samples} counts. */
    long samples(long windowMs);
}
