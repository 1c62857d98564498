package dev.agentwatch.fleet;

import dev.agentwatch.alerting.ActiveAlert;

import java.util.List;
import java.util.Map;

/**
 * One agent's current values over the fleet view's window (immutable, safe to hand to any thread). Values are
 * NaN where undefined (no requests, no latency reported, ...). Rates: requests and tokens per second, cost per
 * hour; latencies in ms.
 *
 * @param displayed the rule file's {@code metrics:} list in its order, each metric's value over the window
 * @param alerts    the agent's pending and firing alerts, with their evidence
 * @param failures  its failed calls of the last hour by error type, operation and model, most first
 */
public record AgentSnapshot(
        String agentId,
        String fleet,
        String model,
        String agentVersion,
        Map<String, String> labels,
        long lastEventMs,
        long windowMs,
        long asOfMs,
        long sampleCount,
        double requestRate,
        double errorRate,
        double latencyAvg,
        double latencyP50,
        double latencyP95,
        double latencyP99,
        double tokensPerRequest,
        /** Trimmed mean of tokens_per_request over the baseline horizon; NaN until enough history. */
        double tokensPerRequestBaseline,
        double tokenBurnRate,
        double costPerHour,
        Map<String, Double> displayed,
        List<ActiveAlert> alerts,
        List<ErrorPattern> failures) {

    /** The agent's status, worst first: firing, pending, silent (no event in the window), ok. */
    public enum Status {
        FIRING, PENDING, SILENT, OK;

        public String wire() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        /** @throws IllegalArgumentException naming the statuses there are */
        public static Status ofWire(String s) {
            for (Status v : values()) {
                if (v.wire().equals(s)) {
                    return v;
                }
            }
            throw new IllegalArgumentException("unknown status '" + s + "' (ok, pending, firing, silent)");
        }
    }

    public Status status() {
        boolean pending = false;
        for (ActiveAlert a : alerts) {
            if (a.firing()) {
                return Status.FIRING;
            }
            pending = true;
        }
        if (pending) {
            return Status.PENDING;
        }
        return lastEventMs < asOfMs - windowMs ? Status.SILENT : Status.OK;
    }
}
