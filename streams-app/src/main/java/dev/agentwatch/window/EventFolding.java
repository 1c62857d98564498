package dev.agentwatch.window;

import dev.agentwatch.schema.MetricEvent;

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
    public static void add(SliceAggregate agg, MetricEvent e, double weight, double costUsd, long foldTs) {
        agg.add(weight, e.getSuccess(),
                orAbsent(e.getTokensIn()), orAbsent(e.getTokensOut()), orAbsent(e.getCacheReadTokens()),
                e.getLatencyMs() == null ? Double.NaN : e.getLatencyMs(),
                costUsd,
                orAbsent(e.getToolCalls()), orAbsent(e.getToolFailures()), orAbsent(e.getRetries()));
        Map<String, Double> custom = e.getMetrics();
        if (custom != null && !custom.isEmpty()) {
            for (Map.Entry<String, Double> m : custom.entrySet()) {
                agg.addCustomMetric(m.getKey(), m.getValue(), weight);
            }
        }
        agg.addEvidence(e.getEventId(), e.getTraceId(), foldTs);
    }

    private static long orAbsent(Long v) {
        return v == null ? SliceAggregate.ABSENT : v;
    }

    private static int orAbsent(Integer v) {
        return v == null ? SliceAggregate.ABSENT : v;
    }
}
