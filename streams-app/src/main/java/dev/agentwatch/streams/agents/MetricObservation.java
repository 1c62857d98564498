package dev.agentwatch.streams.agents;

import dev.agentwatch.schema.MetricEvent;
import dev.agentwatch.window.Observation;
import dev.agentwatch.window.SliceAggregate;

/** The one mapping from a decoded event (the wire schema) to what the windows fold. */
public final class MetricObservation {

    private MetricObservation() {
    }

    /** Fills {@code into} from {@code e}, overwriting every field; returns it. */
    public static Observation fill(Observation into, MetricEvent e) {
        into.agentId = e.getAgentId();
        into.timestampMs = e.getTimestamp().toEpochMilli();
        into.eventId = e.getEventId();
        into.traceId = e.getTraceId();
        into.fleet = e.getFleet();
        into.model = e.getModel();
        into.agentVersion = e.getAgentVersion();
        into.labels = e.getLabels();
        into.success = e.getSuccess();
        into.tokensIn = orAbsent(e.getTokensIn());
        into.tokensOut = orAbsent(e.getTokensOut());
        into.cacheReadTokens = orAbsent(e.getCacheReadTokens());
        into.latencyMs = e.getLatencyMs() == null ? Double.NaN : e.getLatencyMs();
        into.toolCalls = orAbsent(e.getToolCalls());
        into.toolFailures = orAbsent(e.getToolFailures());
        into.retries = orAbsent(e.getRetries());
        into.metrics = e.getMetrics();
        return into;
    }

    /** A new observation of {@code e}, for callers off the hot path (tests, tools). */
    public static Observation of(MetricEvent e) {
        return fill(new Observation(), e);
    }

    private static long orAbsent(Long v) {
        return v == null ? SliceAggregate.ABSENT : v;
    }

    private static int orAbsent(Integer v) {
        return v == null ? SliceAggregate.ABSENT : v;
    }
}
