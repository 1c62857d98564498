package dev.agentwatch.window;

import java.util.Map;

/**
 * One event as the windows see it: the fields they fold, in plain Java types, so this package needs no wire
 * format. The streams glue fills one reused instance per event (no allocation); absent counts are
 * {@link SliceAggregate#ABSENT}, an absent latency is NaN.
 */
public final class Observation {

    public String agentId;
    /** Its own timestamp, epoch ms. */
    public long timestampMs;
    public String eventId;
    public String traceId;
    public String fleet;
    public String model;
    public String agentVersion;
    public Map<String, String> labels;
    public boolean success;
    public long tokensIn;
    public long tokensOut;
    public long cacheReadTokens;
    public double latencyMs;
    public int toolCalls;
    public int toolFailures;
    public int retries;
    /** Custom metrics by name; null or empty when none. */
    public Map<String, Double> metrics;
}
