package dev.agentwatch.gateway.http;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentwatch.gateway.intake.EventOutcome;
import dev.agentwatch.gateway.intake.IntakeResult;
import dev.agentwatch.gateway.json.FieldError;

import java.util.Locale;

/**
 * The JSON bodies of the gateway's answers. A refused request: {@code {"error", "message"}}. Events:
 * {@code {"accepted", "sampled_out", "rejected", "failed", "results": [{"index", "event_id", "status", "errors"}]}},
 * one result per event in request order, so a client knows exactly which events Kafka has.
 */
final class Answers {

    static final ObjectMapper JSON = new ObjectMapper();

    private Answers() {
    }

    static byte[] error(String error, String message) {
        ObjectNode o = JSON.createObjectNode();
        o.put("error", error);
        o.put("message", message);
        return bytes(o);
    }

    static byte[] events(IntakeResult r) {
        if (r.refusal() != null) {
            return error(r.refusal().error(), r.refusal().message());
        }
        // streamed, not built as a tree: this runs for every request
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(64 + 64 * r.outcomes().size());
        try (JsonGenerator g = JSON.getFactory().createGenerator(out)) {
            g.writeStartObject();
            g.writeNumberField("accepted", r.count(EventOutcome.Status.ACCEPTED));
            g.writeNumberField("sampled_out", r.count(EventOutcome.Status.SAMPLED_OUT));
            g.writeNumberField("rejected", r.count(EventOutcome.Status.REJECTED));
            g.writeNumberField("failed", r.count(EventOutcome.Status.FAILED));
            g.writeArrayFieldStart("results");
            for (EventOutcome e : r.outcomes()) {
                g.writeStartObject();
                g.writeNumberField("index", e.index());
                if (e.eventId() != null) {
                    g.writeStringField("event_id", e.eventId());
                }
                g.writeStringField("status", STATUS[e.status().ordinal()]);
                if (!e.errors().isEmpty()) {
                    g.writeArrayFieldStart("errors");
                    for (FieldError f : e.errors()) {
                        g.writeStartObject();
                        if (!f.field().isEmpty()) {
                            g.writeStringField("field", f.field());
                        }
                        g.writeStringField("message", f.message());
                        g.writeEndObject();
                    }
                    g.writeEndArray();
                }
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e); // a byte array does not fail
        }
        return out.toByteArray();
    }

    private static final String[] STATUS = java.util.Arrays.stream(EventOutcome.Status.values())
            .map(s -> s.name().toLowerCase(Locale.ROOT)).toArray(String[]::new);

    static byte[] bytes(Object o) {
        try {
            return JSON.writeValueAsBytes(o);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
