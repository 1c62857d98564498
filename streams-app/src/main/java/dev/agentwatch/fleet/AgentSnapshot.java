package dev.agentwatch.fleet;

import java.util.Map;

/**
 * One agent's current values over the fleet view's window (immutable, safe to hand to any thread). Values are
 * NaN where undefined (no requests, no latency reported, ...).
 */
public record AgentSnapshot(
        String agentId,
        String fleet,
        String model,
        Map<String, String> labels,
        long lastEventMs,
        long windowMs,
        long asOfMs,
        long sampleCount,
        double requestRate,
        double errorRate,
        double latencyP50,
        double latencyP95,
        double latencyP99,
        double tokensPerRequest,
        /** Trimmed mean of tokens_per_request over the last hour before the windows; NaN until 30 min of history. */
        double tokensPerRequestBaseline,
        double tokenBurnRate,
        double costRate) {
}
