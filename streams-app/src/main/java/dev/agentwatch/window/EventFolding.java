package dev.agentwatch.window;

import java.util.Map;

/** Adds one decoded, validated event to an aggregate: the single place that maps event fields to sums. */
public final class EventFolding {

    private EventFolding() {
    }

    /**
     * @param weight 1 / sample_rate
     * @param costUsd the event's cost_usd, or its price-table cost when absent, or NaN when unknown
     * @param foldTs  the time it counts at (its timestamp, unless stamped ahead of the wall clock)
     */
    public static void add(SliceAggregate agg, Observation e, double weight, double costUsd, long foldTs) {
        agg.add(weight, e.success, e.tokensIn, e.tokensOut, e.cacheReadTokens, e.latencyMs, costUsd,
                e.toolCalls, e.toolFailures, e.retries);
        Map<String, Double> custom = e.metrics;
        if (custom != null && !custom.isEmpty()) {
            for (Map.Entry<String, Double> m : custom.entrySet()) {
                agg.addCustomMetric(m.getKey(), m.getValue(), weight);
            }
        }
        agg.addEvidence(e.eventId, e.traceId, foldTs);
    }

}
