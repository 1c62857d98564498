package dev.agentwatch.sdk.transport;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.agentwatch.schema.MetricEvent;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/** A batch as the gateway's JSON array in SPEC section 1's field names; absent fields are left out. */
final class EventsJson {

    private static final JsonFactory JSON = new JsonFactory();

    private EventsJson() {
    }

    static byte[] write(List<MetricEvent> batch) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256 * batch.size());
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartArray();
            for (MetricEvent e : batch) {
                write(g, e);
            }
            g.writeEndArray();
        } catch (IOException e) {
            throw new UncheckedIOException("writing JSON to memory", e);
        }
        return out.toByteArray();
    }

    private static void write(JsonGenerator g, MetricEvent e) throws IOException {
        g.writeStartObject();
        g.writeStringField("event_id", e.getEventId());
        g.writeStringField("agent_id", e.getAgentId());
        g.writeNumberField("timestamp", e.getTimestamp().toEpochMilli());
        string(g, "fleet", e.getFleet());
        string(g, "agent_version", e.getAgentVersion());
        string(g, "instance_id", e.getInstanceId());
        string(g, "model", e.getModel());
        string(g, "provider", e.getProvider());
        string(g, "operation", e.getOperation());
        string(g, "request_type", e.getRequestType());
        number(g, "tokens_in", e.getTokensIn());
        number(g, "tokens_out", e.getTokensOut());
        number(g, "cache_read_tokens", e.getCacheReadTokens());
        number(g, "latency_ms", e.getLatencyMs());
        g.writeBooleanField("success", e.getSuccess());
        string(g, "error_type", e.getErrorType());
        number(g, "cost_usd", e.getCostUsd());
        number(g, "tool_calls", e.getToolCalls());
        number(g, "tool_failures", e.getToolFailures());
        number(g, "retries", e.getRetries());
        string(g, "trace_id", e.getTraceId());
        string(g, "span_id", e.getSpanId());
        string(g, "parent_agent_id", e.getParentAgentId());
        g.writeNumberField("sample_rate", e.getSampleRate());
        if (!e.getLabels().isEmpty()) {
            g.writeObjectFieldStart("labels");
            for (Map.Entry<String, String> l : e.getLabels().entrySet()) {
                g.writeStringField(l.getKey(), l.getValue());
            }
            g.writeEndObject();
        }
        if (!e.getMetrics().isEmpty()) {
            g.writeObjectFieldStart("metrics");
            for (Map.Entry<String, Double> m : e.getMetrics().entrySet()) {
                g.writeNumberField(m.getKey(), m.getValue());
            }
            g.writeEndObject();
        }
        g.writeEndObject();
    }

    private static void string(JsonGenerator g, String name, String value) throws IOException {
        if (value != null) {
            g.writeStringField(name, value);
        }
    }

    private static void number(JsonGenerator g, String name, Number value) throws IOException {
        if (value instanceof Long l) {
            g.writeNumberField(name, l);
        } else if (value instanceof Integer i) {
            g.writeNumberField(name, i);
        } else if (value != null) {
            g.writeNumberField(name, value.doubleValue());
        }
    }
}
