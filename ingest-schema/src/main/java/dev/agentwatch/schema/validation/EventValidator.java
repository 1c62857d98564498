package dev.agentwatch.schema.validation;

import dev.agentwatch.schema.MetricEvent;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The content rules of SPEC section 5 for one decoded metric event. Shared by the streams app (first
 * violation decides the DLQ reason) and the gateway (every violation is reported back as a field error).
 * Lateness is not checked here: it depends on stream time, which only the streams app knows.
 */
public final class EventValidator {

    public static final int MAX_AGENT_ID_LENGTH = 200;
    public static final Duration DEFAULT_MAX_FUTURE = Duration.ofDays(1);

    private final long maxFutureMs;
    private final long maxAgeMs;

    /**
     * @param maxFuture how far ahead of the wall clock an event timestamp may be (SPEC: 1 day)
     * @param maxAge    how old an event may be: the metrics topic's retention
     */
    public EventValidator(Duration maxFuture, Duration maxAge) {
        if (maxFuture.isNegative() || maxAge.isNegative() || maxAge.isZero()) {
            throw new IllegalArgumentException("maxFuture must be >= 0 and maxAge > 0");
        }
        this.maxFutureMs = maxFuture.toMillis();
        this.maxAgeMs = maxAge.toMillis();
    }

    /** The first violation, or null when the event is valid. Allocates nothing for a valid event. */
    public Violation firstViolation(MetricEvent e, long nowMs) {
        return check(e, nowMs, null);
    }

    /** Every violation, in field order; empty when the event is valid. */
    public List<Violation> allViolations(MetricEvent e, long nowMs) {
        List<Violation> all = new ArrayList<>(2);
        check(e, nowMs, all);
        return all;
    }

    /** Walks the fields; with {@code all == null} it stops at the first violation and returns it. */
    private Violation check(MetricEvent e, long nowMs, List<Violation> all) {
        Violation v;
        if ((v = report(all, requiredText("event_id", e.getEventId()))) != null) return v;
        if ((v = report(all, agentId(e.getAgentId()))) != null) return v;
        if ((v = report(all, timestamp(e.getTimestamp(), nowMs))) != null) return v;
        if ((v = report(all, nonNegative("tokens_in", e.getTokensIn()))) != null) return v;
        if ((v = report(all, nonNegative("tokens_out", e.getTokensOut()))) != null) return v;
        if ((v = report(all, nonNegative("cache_read_tokens", e.getCacheReadTokens()))) != null) return v;
        if ((v = report(all, finiteNonNegative("latency_ms", e.getLatencyMs()))) != null) return v;
        if ((v = report(all, finiteNonNegative("cost_usd", e.getCostUsd()))) != null) return v;
        if ((v = report(all, nonNegative("tool_calls", e.getToolCalls()))) != null) return v;
        if ((v = report(all, nonNegative("tool_failures", e.getToolFailures()))) != null) return v;
        if ((v = report(all, nonNegative("retries", e.getRetries()))) != null) return v;
        if ((v = report(all, toolFailures(e.getToolCalls(), e.getToolFailures()))) != null) return v;
        if ((v = report(all, sampleRate(e.getSampleRate()))) != null) return v;
        return report(all, customMetrics(e.getMetrics()));
    }

    private static Violation report(List<Violation> all, Violation v) {
        if (v == null || all == null) {
            return v;
        }
        all.add(v);
        return null;
    }

    private static Violation requiredText(String field, String value) {
        if (value == null || value.isEmpty()) {
            return new Violation(Violation.Reason.MISSING_FIELD, field, field + " is required and must not be empty");
        }
        return null;
    }

    private static Violation agentId(String id) {
        Violation missing = requiredText("agent_id", id);
        if (missing != null) {
            return missing;
        }
        if (id.length() > MAX_AGENT_ID_LENGTH) {
            return new Violation(Violation.Reason.INVALID_AGENT_ID, "agent_id",
                    "agent_id has " + id.length() + " characters; at most " + MAX_AGENT_ID_LENGTH + " are allowed");
        }
        return null;
    }

    private Violation timestamp(Instant ts, long nowMs) {
        if (ts == null) {
            return new Violation(Violation.Reason.MISSING_FIELD, "timestamp", "timestamp is required");
        }
        long t = ts.toEpochMilli();
        if (t > nowMs + maxFutureMs) {
            return new Violation(Violation.Reason.FUTURE_TIMESTAMP, "timestamp",
                    "timestamp " + ts + " is more than " + Duration.ofMillis(maxFutureMs) + " ahead of now ("
                            + Instant.ofEpochMilli(nowMs) + ")");
        }
        if (t < nowMs - maxAgeMs) {
            return new Violation(Violation.Reason.EXPIRED_TIMESTAMP, "timestamp",
                    "timestamp " + ts + " is older than the retention of " + Duration.ofMillis(maxAgeMs));
        }
        return null;
    }

    private static Violation nonNegative(String field, Long value) {
        if (value != null && value < 0) {
            return negative(field, value);
        }
        return null;
    }

    private static Violation nonNegative(String field, Integer value) {
        if (value != null && value < 0) {
            return negative(field, value);
        }
        return null;
    }

    private static Violation finiteNonNegative(String field, Double value) {
        if (value == null) {
            return null;
        }
        if (!Double.isFinite(value)) {
            return new Violation(Violation.Reason.NOT_FINITE, field, field + " is " + value + "; it must be a finite number");
        }
        return value < 0 ? negative(field, value) : null;
    }

    private static Violation negative(String field, Number value) {
        return new Violation(Violation.Reason.NEGATIVE_VALUE, field, field + " is " + value + "; it must be >= 0");
    }

    private static Violation toolFailures(Integer calls, Integer failures) {
        if (failures != null && failures > 0 && (calls == null || failures > calls)) {
            return new Violation(Violation.Reason.TOOL_FAILURES_EXCEED_CALLS, "tool_failures",
                    "tool_failures (" + failures + ") exceeds tool_calls (" + (calls == null ? "absent" : calls) + ")");
        }
        return null;
    }

    private static Violation sampleRate(double rate) {
        if (!Double.isFinite(rate)) {
            return new Violation(Violation.Reason.NOT_FINITE, "sample_rate", "sample_rate is " + rate + "; it must be in (0, 1]");
        }
        if (rate <= 0 || rate > 1) {
            return new Violation(Violation.Reason.INVALID_SAMPLE_RATE, "sample_rate", "sample_rate is " + rate + "; it must be in (0, 1]");
        }
        return null;
    }

    private static Violation customMetrics(Map<String, Double> metrics) {
        if (metrics == null || metrics.isEmpty()) {
            return null;
        }
        for (Map.Entry<String, Double> m : metrics.entrySet()) {
            Double v = m.getValue();
            if (v == null || !Double.isFinite(v)) {
                return new Violation(Violation.Reason.NOT_FINITE, "metrics." + m.getKey(),
                        "metrics." + m.getKey() + " is " + v + "; it must be a finite number");
            }
        }
        return null;
    }
}
