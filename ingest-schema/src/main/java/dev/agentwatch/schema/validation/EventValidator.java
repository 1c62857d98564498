package dev.agentwatch.schema.validation;

import dev.agentwatch.config.Durations;

import dev.agentwatch.schema.MetricEvent;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.agentwatch.schema.validation.EventLimits.MAX_AGENT_ID_LENGTH;
import static dev.agentwatch.schema.validation.EventLimits.MAX_COST_USD;
import static dev.agentwatch.schema.validation.EventLimits.MAX_COUNT;
import static dev.agentwatch.schema.validation.EventLimits.MAX_ID_LENGTH;
import static dev.agentwatch.schema.validation.EventLimits.MAX_LATENCY_MS;
import static dev.agentwatch.schema.validation.EventLimits.MAX_TEXT_LENGTH;
import static dev.agentwatch.schema.validation.EventLimits.MAX_TOKENS;

/**
 * The content rules of SPEC section 5 and the bounds of {@link EventLimits} for one decoded metric event.
 * Shared by the streams app (first violation decides the DLQ reason) and the gateway (every violation is
 * reported back as a field error). Lateness is not checked here: it depends on stream time, which only the
 * streams app knows.
 */
public final class EventValidator {

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
        if ((v = report(all, requiredText("event_id", e.getEventId(), MAX_ID_LENGTH))) != null) return v;
        if ((v = report(all, agentId(e.getAgentId()))) != null) return v;
        if ((v = report(all, timestamp(e.getTimestamp(), nowMs))) != null) return v;
        if ((v = report(all, text("fleet", e.getFleet(), MAX_TEXT_LENGTH))) != null) return v;
        if ((v = report(all, text("agent_version", e.getAgentVersion(), MAX_TEXT_LENGTH))) != null) return v;
        if ((v = report(all, text("instance_id", e.getInstanceId(), MAX_TEXT_LENGTH))) != null) return v;
        if ((v = report(all, text("model", e.getModel(), MAX_TEXT_LENGTH))) != null) return v;
        if ((v = report(all, text("provider", e.getProvider(), MAX_TEXT_LENGTH))) != null) return v;
        if ((v = report(all, text("operation", e.getOperation(), MAX_TEXT_LENGTH))) != null) return v;
        if ((v = report(all, text("request_type", e.getRequestType(), MAX_TEXT_LENGTH))) != null) return v;
        if ((v = report(all, count("tokens_in", e.getTokensIn(), MAX_TOKENS))) != null) return v;
        if ((v = report(all, count("tokens_out", e.getTokensOut(), MAX_TOKENS))) != null) return v;
        if ((v = report(all, count("cache_read_tokens", e.getCacheReadTokens(), MAX_TOKENS))) != null) return v;
        if ((v = report(all, amount("latency_ms", e.getLatencyMs(), MAX_LATENCY_MS))) != null) return v;
        if ((v = report(all, text("error_type", e.getErrorType(), MAX_TEXT_LENGTH))) != null) return v;
        if ((v = report(all, amount("cost_usd", e.getCostUsd(), MAX_COST_USD))) != null) return v;
        if ((v = report(all, count("tool_calls", e.getToolCalls(), MAX_COUNT))) != null) return v;
        if ((v = report(all, count("tool_failures", e.getToolFailures(), MAX_COUNT))) != null) return v;
        if ((v = report(all, count("retries", e.getRetries(), MAX_COUNT))) != null) return v;
        if ((v = report(all, toolFailures(e.getToolCalls(), e.getToolFailures()))) != null) return v;
        if ((v = report(all, text("trace_id", e.getTraceId(), MAX_ID_LENGTH))) != null) return v;
        if ((v = report(all, text("span_id", e.getSpanId(), MAX_ID_LENGTH))) != null) return v;
        if ((v = report(all, text("parent_agent_id", e.getParentAgentId(), MAX_AGENT_ID_LENGTH))) != null) return v;
        if ((v = report(all, sampleRate(e.getSampleRate()))) != null) return v;
        if ((v = report(all, labels(e.getLabels()))) != null) return v;
        return report(all, customMetrics(e.getMetrics()));
    }

    private static Violation report(List<Violation> all, Violation v) {
        if (v == null || all == null) {
            return v;
        }
        all.add(v);
        return null;
    }

    private static Violation requiredText(String field, String value, int maxLength) {
        if (value == null || value.isEmpty()) {
            return new Violation(Violation.Reason.MISSING_FIELD, field, field + " is required and must not be empty");
        }
        return text(field, value, maxLength);
    }

    private static Violation text(String field, CharSequence value, int maxLength) {
        if (value != null && value.length() > maxLength) {
            return tooLong(field, value.length(), maxLength);
        }
        return null;
    }

    private static Violation tooLong(String field, int length, int maxLength) {
        return new Violation(Violation.Reason.FIELD_TOO_LONG, field,
                field + " has " + length + " characters; at most " + maxLength + " are allowed");
    }

    private static Violation agentId(String id) {
        Violation missing = requiredText("agent_id", id, Integer.MAX_VALUE);
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
                    "timestamp " + ts + " is more than " + Durations.format(Duration.ofMillis(maxFutureMs)) + " ahead of now ("
                            + Instant.ofEpochMilli(nowMs) + ")");
        }
        if (t < nowMs - maxAgeMs) {
            return new Violation(Violation.Reason.EXPIRED_TIMESTAMP, "timestamp",
                    "timestamp " + ts + " is older than max_event_age (" + Durations.format(Duration.ofMillis(maxAgeMs))
                            + ", the metrics topic's retention) before now (" + Instant.ofEpochMilli(nowMs) + ")");
        }
        return null;
    }

    private static Violation count(String field, Long value, long max) {
        if (value == null) {
            return null;
        }
        if (value < 0) {
            return negative(field, value);
        }
        return value > max ? outOfRange(field, value, max) : null;
    }

    private static Violation count(String field, Integer value, long max) {
        return value == null ? null : count(field, (long) value, max);
    }

    private static Violation amount(String field, Double value, double max) {
        if (value == null) {
            return null;
        }
        if (!Double.isFinite(value)) {
            return new Violation(Violation.Reason.NOT_FINITE, field, field + " is " + value + "; it must be a finite number");
        }
        if (value < 0) {
            return negative(field, value);
        }
        return value > max ? outOfRange(field, value, max) : null;
    }

    private static Violation negative(String field, Number value) {
        return new Violation(Violation.Reason.NEGATIVE_VALUE, field, field + " is " + value + "; it must be >= 0");
    }

    private static Violation outOfRange(String field, Number value, Number max) {
        return new Violation(Violation.Reason.OUT_OF_RANGE, field, field + " is " + value + "; at most " + max + " is allowed");
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
        if (rate < EventLimits.MIN_SAMPLE_RATE || rate > 1) {
            return new Violation(Violation.Reason.INVALID_SAMPLE_RATE, "sample_rate", "sample_rate is " + rate
                    + "; it must be in [" + EventLimits.MIN_SAMPLE_RATE + ", 1] (an event may stand for at most "
                    + Math.round(1 / EventLimits.MIN_SAMPLE_RATE) + ")");
        }
        return null;
    }

    private static Violation labels(Map<? extends CharSequence, ? extends CharSequence> labels) {
        if (labels == null || labels.isEmpty()) {
            return null;
        }
        if (labels.size() > EventLimits.MAX_LABELS) {
            return new Violation(Violation.Reason.TOO_MANY_ENTRIES, "labels",
                    "labels has " + labels.size() + " entries; at most " + EventLimits.MAX_LABELS + " are allowed");
        }
        for (Map.Entry<? extends CharSequence, ? extends CharSequence> l : labels.entrySet()) {
            CharSequence name = l.getKey();
            if (name == null || name.length() == 0) {
                return new Violation(Violation.Reason.MISSING_FIELD, "labels", "a label name is empty");
            }
            if (name.length() > EventLimits.MAX_LABEL_NAME_LENGTH) {
                return tooLong("labels", name.length(), EventLimits.MAX_LABEL_NAME_LENGTH);
            }
            CharSequence value = l.getValue();
            if (value != null && value.length() > EventLimits.MAX_LABEL_VALUE_LENGTH) {
                return tooLong("labels." + name, value.length(), EventLimits.MAX_LABEL_VALUE_LENGTH);
            }
        }
        return null;
    }

    private static Violation customMetrics(Map<? extends CharSequence, Double> metrics) {
        if (metrics == null || metrics.isEmpty()) {
            return null;
        }
        if (metrics.size() > EventLimits.MAX_CUSTOM_METRICS) {
            return new Violation(Violation.Reason.TOO_MANY_ENTRIES, "metrics",
                    "metrics has " + metrics.size() + " entries; at most " + EventLimits.MAX_CUSTOM_METRICS + " are allowed");
        }
        for (Map.Entry<? extends CharSequence, Double> m : metrics.entrySet()) {
            CharSequence name = m.getKey();
            if (name == null || name.length() == 0) {
                return new Violation(Violation.Reason.MISSING_FIELD, "metrics", "a custom metric name is empty");
            }
            if (name.length() > EventLimits.MAX_CUSTOM_METRIC_NAME_LENGTH) {
                return tooLong("metrics", name.length(), EventLimits.MAX_CUSTOM_METRIC_NAME_LENGTH);
            }
            Double v = m.getValue();
            if (v == null || !Double.isFinite(v)) {
                return new Violation(Violation.Reason.NOT_FINITE, "metrics." + name,
                        "metrics." + name + " is " + v + "; it must be a finite number");
            }
            if (Math.abs(v) > EventLimits.MAX_CUSTOM_METRIC_MAGNITUDE) {
                return outOfRange("metrics." + name, v, EventLimits.MAX_CUSTOM_METRIC_MAGNITUDE);
            }
        }
        return null;
    }
}
