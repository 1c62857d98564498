package dev.agentwatch.fleet;

import dev.agentwatch.window.MetricRef;
import dev.agentwatch.window.Metrics;
import dev.agentwatch.window.SliceAggregate;

/**
 * One point of an agent's recent history: its values over one slice (the newest minutes, at slice resolution) or
 * one 5-minute baseline bucket (before them). Rates per second, cost per hour, latency in ms; NaN where undefined.
 */
public record HistoryPoint(long startMs, long lengthMs, long sampleCount, double requestRate, double tokensPerRequest,
                           double latencyP95, double errorRate, double costPerHour) {

    private static final MetricRef REQUEST_RATE = Metrics.resolve("request_rate");
    private static final MetricRef TOKENS_PER_REQUEST = Metrics.resolve("tokens_per_request");
    private static final MetricRef P95 = Metrics.resolve("latency_p95");
    private static final MetricRef ERROR_RATE = Metrics.resolve("error_rate");
    private static final MetricRef COST_RATE = Metrics.resolve("cost_rate");

    public static HistoryPoint of(long startMs, long lengthMs, SliceAggregate a) {
        return new HistoryPoint(startMs, lengthMs, a.rawCount(), REQUEST_RATE.valueOf(a, lengthMs),
                TOKENS_PER_REQUEST.valueOf(a, lengthMs), P95.valueOf(a, lengthMs), ERROR_RATE.valueOf(a, lengthMs),
                COST_RATE.valueOf(a, lengthMs));
    }
}
