package dev.agentwatch.gateway.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;

/**
 * Reads one JSON event object, streaming, into an {@link EventDraft}. Two shapes are one mapping:
 * <ul>
 *   <li>SPEC section 1: the event's fields by name at the top level, {@code labels} and {@code metrics} objects;</li>
 *   <li>the seed articles': {@code {"agent_id", "timestamp", "metrics": {"tokens_used", "latency_ms", "model",
 *       "cost_usd", "success", "tool_calls", "retries", ...}}}: an entry of {@code metrics} whose name is an event
 *       field is that field; {@code tokens_used} (tokens in and out together, not split) is recorded as
 *       {@code tokens_in}, so {@code tokens_per_request} and {@code token_usage} are exact, while {@code tokens_out}
 *       stays unknown and a null {@code cost_usd} is priced at the input price; any other entry is a custom metric and
 *       must be a number.</li>
 * </ul>
 * {@code timestamp}: epoch seconds (fractions allowed) when below 10^11, else epoch milliseconds, or an ISO-8601
 * instant; absent, the receive time. {@code event_id} absent: a random UUID, returned to the client (a resend with
 * that id is de-duplicated; without it, it is not). A field given twice, an unknown top-level field and a value of
 * the wrong type are field errors; range rules (negative tokens, ...) are the event validator's, as in the streams app.
 */
final class EventReader {

    /** Above this a numeric timestamp is milliseconds: 10^11 s is the year 5138, 10^11 ms is 1973. */
    private static final double SECONDS_BELOW = 1e11;

    private final JsonParser p;
    private final EventDraft d = new EventDraft();
    private final List<FieldError> errors = new ArrayList<>(0);

    private EventReader(JsonParser p) {
        this.p = p;
    }

    /** @param p positioned on the event's START_OBJECT; left on its END_OBJECT */
    static MappedEvent read(JsonParser p, long nowMs) throws IOException {
        EventReader r = new EventReader(p);
        r.readObject();
        return r.d.finish(nowMs, r.errors);
    }

    private void readObject() throws IOException {
        String name;
        while ((name = p.nextFieldName()) != null) {
            JsonToken t = p.nextToken();
            switch (name) {
                case "timestamp" -> timestamp(t);
                case "labels" -> labels(t);
                case "metrics" -> metrics(t);
                default -> {
                    if (!field(name, name, t)) {
                        error(name, "unknown field (SPEC section 1 lists the event's fields; custom figures go in "
                                + "\"metrics\", dimensions in \"labels\")");
                        p.skipChildren();
                    }
                }
            }
        }
    }

    /** @return false if {@code name} is not an event field */
    private boolean field(String name, String path, JsonToken t) throws IOException {
        switch (name) {
            case "event_id" -> d.eventId = text(path, t, d.eventId);
            case "agent_id" -> d.agentId = text(path, t, d.agentId);
            case "fleet" -> d.fleet = text(path, t, d.fleet);
            case "agent_version" -> d.agentVersion = text(path, t, d.agentVersion);
            case "instance_id" -> d.instanceId = text(path, t, d.instanceId);
            case "model" -> d.model = text(path, t, d.model);
            case "provider" -> d.provider = text(path, t, d.provider);
            case "operation" -> d.operation = text(path, t, d.operation);
            case "request_type" -> d.requestType = text(path, t, d.requestType);
            case "error_type" -> d.errorType = text(path, t, d.errorType);
            case "trace_id" -> d.traceId = text(path, t, d.traceId);
            case "span_id" -> d.spanId = text(path, t, d.spanId);
            case "parent_agent_id" -> d.parentAgentId = text(path, t, d.parentAgentId);
            case "tokens_in" -> d.tokensIn = whole(path, t, d.tokensIn);
            case "tokens_out" -> d.tokensOut = whole(path, t, d.tokensOut);
            case "tokens_used" -> d.tokensUsed = whole(path, t, d.tokensUsed);
            case "cache_read_tokens" -> d.cacheReadTokens = whole(path, t, d.cacheReadTokens);
            case "tool_calls" -> d.toolCalls = integer(path, t, d.toolCalls);
            case "tool_failures" -> d.toolFailures = integer(path, t, d.toolFailures);
            case "retries" -> d.retries = integer(path, t, d.retries);
            case "latency_ms" -> d.latencyMs = number(path, t, d.latencyMs);
            case "cost_usd" -> d.costUsd = number(path, t, d.costUsd);
            case "sample_rate" -> d.sampleRate = number(path, t, d.sampleRate);
            case "success" -> d.success = bool(path, t, d.success);
            default -> {
                return false;
            }
        }
        return true;
    }

    private boolean twice(String path, Object before, JsonToken t) {
        if (before != null && t != JsonToken.VALUE_NULL) {
            error(path, path.substring(path.indexOf('.') + 1) + " is given twice (at the top level and in metrics, or twice)");
            return true;
        }
        return false;
    }

    private String text(String path, JsonToken t, String before) throws IOException {
        if (t == JsonToken.VALUE_NULL || twice(path, before, t)) {
            return before;
        }
        return t == JsonToken.VALUE_STRING ? p.getText() : wrong(path, "a string", t);
    }

    private Boolean bool(String path, JsonToken t, Boolean before) throws IOException {
        if (t == JsonToken.VALUE_NULL || twice(path, before, t)) {
            return before;
        }
        if (t == JsonToken.VALUE_TRUE || t == JsonToken.VALUE_FALSE) {
            return t == JsonToken.VALUE_TRUE;
        }
        return wrong(path, "true or false", t);
    }

    private Double number(String path, JsonToken t, Double before) throws IOException {
        if (t == JsonToken.VALUE_NULL || twice(path, before, t)) {
            return before;
        }
        return t.isNumeric() ? p.getDoubleValue() : wrong(path, "a number", t);
    }

    private Long whole(String path, JsonToken t, Long before) throws IOException {
        if (t == JsonToken.VALUE_NULL || twice(path, before, t)) {
            return before;
        }
        if (t == JsonToken.VALUE_NUMBER_INT && p.getNumberType() != JsonParser.NumberType.BIG_INTEGER) {
            return p.getLongValue();
        }
        if (t == JsonToken.VALUE_NUMBER_FLOAT) {
            double v = p.getDoubleValue();
            if (v == Math.rint(v) && Math.abs(v) < 9.0e15) {
                return (long) v;
            }
        }
        return wrong(path, "a whole number", t);
    }

    private Integer integer(String path, JsonToken t, Integer before) throws IOException {
        if (t == JsonToken.VALUE_NULL || twice(path, before, t)) {
            return before;
        }
        Long v = whole(path, t, null);
        if (v == null) {
            return null;
        }
        if (v > Integer.MAX_VALUE || v < Integer.MIN_VALUE) {
            error(path, "expected a whole number up to " + Integer.MAX_VALUE + ", got " + v);
            return null;
        }
        return v.intValue();
    }

    private <T> T wrong(String path, String expected, JsonToken t) throws IOException {
        error(path, "expected " + expected + ", got " + describe(t));
        p.skipChildren();
        return null;
    }

    private String describe(JsonToken t) throws IOException {
        return switch (t) {
            case START_OBJECT -> "an object";
            case START_ARRAY -> "an array";
            case VALUE_STRING -> "the string \"" + clip(p.getText()) + "\"";
            default -> clip(p.getText());
        };
    }

    private static String clip(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "..." : s;
    }

    private void timestamp(JsonToken t) throws IOException {
        if (t == JsonToken.VALUE_NULL) {
            return;
        }
        if (d.timestamp != null) {
            error("timestamp", "timestamp is given twice");
            return;
        }
        if (t.isNumeric()) {
            double v = p.getDoubleValue();
            if (!(v >= 0)) {
                error("timestamp", "expected epoch seconds or milliseconds >= 0, got " + p.getText());
                return;
            }
            d.timestamp = v < SECONDS_BELOW ? Math.round(v * 1000) : p.getLongValue();
        } else if (t == JsonToken.VALUE_STRING) {
            try {
                d.timestamp = Instant.parse(p.getText()).toEpochMilli();
            } catch (DateTimeParseException e) {
                error("timestamp", "expected an ISO-8601 instant such as 2024-01-01T00:00:00Z, or epoch seconds or "
                        + "milliseconds, got \"" + clip(p.getText()) + "\"");
            }
        } else {
            wrong("timestamp", "epoch seconds or milliseconds", t);
        }
    }

    private void labels(JsonToken t) throws IOException {
        if (t == JsonToken.VALUE_NULL) {
            return;
        }
        if (t != JsonToken.START_OBJECT) {
            wrong("labels", "an object of name: value", t);
            return;
        }
        if (d.labels == null) {
            d.labels = new HashMap<>();
        }
        String name;
        while ((name = p.nextFieldName()) != null) {
            JsonToken v = p.nextToken();
            if (v == JsonToken.VALUE_STRING || v.isNumeric() || v.isBoolean()) {
                d.labels.put(name, p.getText()); // labels are strings; a number is its decimal text
            } else if (v != JsonToken.VALUE_NULL) {
                wrong("labels." + name, "a string", v);
            }
        }
    }

    private void metrics(JsonToken t) throws IOException {
        if (t == JsonToken.VALUE_NULL) {
            return;
        }
        if (t != JsonToken.START_OBJECT) {
            wrong("metrics", "an object of name: number", t);
            return;
        }
        String name;
        while ((name = p.nextFieldName()) != null) {
            JsonToken v = p.nextToken();
            if (field(name, "metrics." + name, v)) {
                continue;
            }
            if (v.isNumeric()) {
                if (d.metrics == null) {
                    d.metrics = new HashMap<>();
                }
                d.metrics.put(name, p.getDoubleValue());
            } else if (v != JsonToken.VALUE_NULL) {
                wrong("metrics." + name, "a number (a custom metric)", v);
            }
        }
    }

    private void error(String field, String message) {
        errors.add(new FieldError(field, message));
    }
}
