package dev.agentwatch.gateway.json;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentwatch.schema.MetricEvent;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * One JSON event object to a {@link MetricEvent}. Two shapes are one mapping:
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
 * that id is de-duplicated; without it, it is not). A field given twice (top level and in {@code metrics}), an
 * unknown top-level field and a value of the wrong type are field errors; range rules (negative tokens, ...) are
 * the event validator's, as in the streams app.
 */
final class EventFields {

    /** Above this a numeric timestamp is milliseconds: 10^11 s is the year 5138, 10^11 ms is 1973. */
    private static final double SECONDS_BELOW = 1e11;

    private enum Kind { TEXT, WHOLE, INT, NUMBER, BOOLEAN }

    private static final Map<String, Kind> FIELDS = new HashMap<>();

    static {
        for (String f : List.of("event_id", "agent_id", "fleet", "agent_version", "instance_id", "model", "provider",
                "operation", "request_type", "error_type", "trace_id", "span_id", "parent_agent_id")) {
            FIELDS.put(f, Kind.TEXT);
        }
        for (String f : List.of("tokens_in", "tokens_out", "cache_read_tokens", "tokens_used")) {
            FIELDS.put(f, Kind.WHOLE);
        }
        for (String f : List.of("tool_calls", "tool_failures", "retries")) {
            FIELDS.put(f, Kind.INT);
        }
        for (String f : List.of("latency_ms", "cost_usd", "sample_rate")) {
            FIELDS.put(f, Kind.NUMBER);
        }
        FIELDS.put("success", Kind.BOOLEAN);
    }

    private EventFields() {
    }

    static MappedEvent map(JsonNode o, long nowMs) {
        Map<String, Object> values = new HashMap<>();
        Map<String, String> labels = new HashMap<>();
        Map<String, Double> custom = new HashMap<>();
        List<FieldError> errors = new ArrayList<>();
        Long timestamp = null;
        for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> f = it.next();
            String name = f.getKey();
            JsonNode v = f.getValue();
            switch (name) {
                case "timestamp" -> timestamp = timestamp(v, errors);
                case "labels" -> labels(v, labels, errors);
                case "metrics" -> metrics(v, values, custom, errors);
                default -> {
                    if (FIELDS.containsKey(name)) {
                        field(name, name, v, values, errors);
                    } else {
                        errors.add(new FieldError(name, "unknown field (SPEC section 1 lists the event's fields; "
                                + "custom figures go in \"metrics\", dimensions in \"labels\")"));
                    }
                }
            }
        }
        if (values.containsKey("tokens_used") && (values.containsKey("tokens_in") || values.containsKey("tokens_out"))) {
            errors.add(new FieldError("tokens_used", "give tokens_used or tokens_in/tokens_out, not both"));
        }
        if (!values.containsKey("agent_id")) {
            errors.add(new FieldError("agent_id", "agent_id is required"));
        }
        if (!values.containsKey("success")) {
            errors.add(new FieldError("success", "success is required (true or false)"));
        }
        if (!errors.isEmpty()) {
            return MappedEvent.invalid(errors);
        }
        boolean generated = !values.containsKey("event_id");
        MetricEvent.Builder b = MetricEvent.newBuilder()
                .setEventId(generated ? UUID.randomUUID().toString() : (String) values.get("event_id"))
                .setAgentId((String) values.get("agent_id"))
                .setTimestamp(Instant.ofEpochMilli(timestamp != null ? timestamp : nowMs))
                .setSuccess((Boolean) values.get("success"))
                .setFleet((String) values.get("fleet"))
                .setAgentVersion((String) values.get("agent_version"))
                .setInstanceId((String) values.get("instance_id"))
                .setModel((String) values.get("model"))
                .setProvider((String) values.get("provider"))
                .setOperation((String) values.get("operation"))
                .setRequestType((String) values.get("request_type"))
                .setErrorType((String) values.get("error_type"))
                .setTraceId((String) values.get("trace_id"))
                .setSpanId((String) values.get("span_id"))
                .setParentAgentId((String) values.get("parent_agent_id"))
                .setTokensIn((Long) values.getOrDefault("tokens_in", values.get("tokens_used")))
                .setTokensOut((Long) values.get("tokens_out"))
                .setCacheReadTokens((Long) values.get("cache_read_tokens"))
                .setToolCalls((Integer) values.get("tool_calls"))
                .setToolFailures((Integer) values.get("tool_failures"))
                .setRetries((Integer) values.get("retries"))
                .setLatencyMs((Double) values.get("latency_ms"))
                .setCostUsd((Double) values.get("cost_usd"))
                .setLabels(new HashMap<>(labels))
                .setMetrics(new HashMap<>(custom));
        if (values.containsKey("sample_rate")) {
            b.setSampleRate((Double) values.get("sample_rate"));
        }
        return MappedEvent.of(b.build(), generated);
    }

    private static void field(String name, String path, JsonNode v, Map<String, Object> values, List<FieldError> errors) {
        if (v.isNull()) {
            return; // null where unknown, as SPEC section 1 says
        }
        Object value = switch (FIELDS.get(name)) {
            case TEXT -> v.isTextual() ? v.textValue() : wrong(path, "a string", v, errors);
            case BOOLEAN -> v.isBoolean() ? (Object) v.booleanValue() : wrong(path, "true or false", v, errors);
            case NUMBER -> v.isNumber() ? (Object) v.doubleValue() : wrong(path, "a number", v, errors);
            case WHOLE -> whole(v) ? (Object) v.longValue() : wrong(path, "a whole number", v, errors);
            case INT -> whole(v) && v.canConvertToInt() ? (Object) v.intValue()
                    : wrong(path, "a whole number up to " + Integer.MAX_VALUE, v, errors);
        };
        if (value != null && values.putIfAbsent(name, value) != null) {
            errors.add(new FieldError(path, name + " is given twice (at the top level and in metrics)"));
        }
    }

    private static boolean whole(JsonNode v) {
        if (v.isIntegralNumber()) {
            return v.canConvertToLong();
        }
        if (v.isNumber()) {
            double d = v.doubleValue();
            return d == Math.rint(d) && Math.abs(d) < 9.0e15;
        }
        return false;
    }

    private static Object wrong(String path, String expected, JsonNode v, List<FieldError> errors) {
        errors.add(new FieldError(path, "expected " + expected + ", got " + describe(v)));
        return null;
    }

    private static String describe(JsonNode v) {
        String text = v.toString();
        return v.getNodeType().toString().toLowerCase(java.util.Locale.ROOT) + " "
                + (text.length() > 40 ? text.substring(0, 40) + "..." : text);
    }

    private static Long timestamp(JsonNode v, List<FieldError> errors) {
        if (v.isNumber()) {
            double d = v.doubleValue();
            if (!(d >= 0)) {
                errors.add(new FieldError("timestamp", "expected epoch seconds or milliseconds >= 0, got " + v));
                return null;
            }
            return d < SECONDS_BELOW ? Math.round(d * 1000) : v.longValue();
        }
        if (v.isTextual()) {
            try {
                return Instant.parse(v.textValue()).toEpochMilli();
            } catch (DateTimeParseException e) {
                errors.add(new FieldError("timestamp", "expected an ISO-8601 instant such as 2024-01-01T00:00:00Z, "
                        + "or epoch seconds or milliseconds, got \"" + v.textValue() + "\""));
                return null;
            }
        }
        if (!v.isNull()) {
            errors.add(new FieldError("timestamp", "expected epoch seconds or milliseconds, got " + describe(v)));
        }
        return null;
    }

    private static void labels(JsonNode v, Map<String, String> out, List<FieldError> errors) {
        if (v.isNull()) {
            return;
        }
        if (!v.isObject()) {
            errors.add(new FieldError("labels", "expected an object of name: value, got " + describe(v)));
            return;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> l = it.next();
            JsonNode value = l.getValue();
            if (value.isTextual()) {
                out.put(l.getKey(), value.textValue());
            } else if (value.isNumber() || value.isBoolean()) {
                out.put(l.getKey(), value.asText()); // labels are strings; a number is its decimal text
            } else {
                errors.add(new FieldError("labels." + l.getKey(), "expected a string, got " + describe(value)));
            }
        }
    }

    private static void metrics(JsonNode v, Map<String, Object> values, Map<String, Double> custom, List<FieldError> errors) {
        if (v.isNull()) {
            return;
        }
        if (!v.isObject()) {
            errors.add(new FieldError("metrics", "expected an object of name: number, got " + describe(v)));
            return;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> m = it.next();
            String name = m.getKey();
            if (FIELDS.containsKey(name)) {
                field(name, "metrics." + name, m.getValue(), values, errors);
            } else if (m.getValue().isNumber()) {
                custom.put(name, m.getValue().doubleValue());
            } else if (!m.getValue().isNull()) {
                errors.add(new FieldError("metrics." + name, "a custom metric is a number, got " + describe(m.getValue())));
            }
        }
    }
}
