package dev.agentwatch.gateway.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
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
        ObjectNode o = JSON.createObjectNode();
        o.put("accepted", r.count(EventOutcome.Status.ACCEPTED));
        o.put("sampled_out", r.count(EventOutcome.Status.SAMPLED_OUT));
        o.put("rejected", r.count(EventOutcome.Status.REJECTED));
        o.put("failed", r.count(EventOutcome.Status.FAILED));
        ArrayNode results = o.putArray("results");
        for (EventOutcome e : r.outcomes()) {
            ObjectNode item = results.addObject();
            item.put("index", e.index());
            if (e.eventId() != null) {
                item.put("event_id", e.eventId());
            }
            item.put("status", e.status().name().toLowerCase(Locale.ROOT));
            if (!e.errors().isEmpty()) {
                ArrayNode errors = item.putArray("errors");
                for (FieldError f : e.errors()) {
                    ObjectNode err = errors.addObject();
                    if (!f.field().isEmpty()) {
                        err.put("field", f.field());
                    }
                    err.put("message", f.message());
                }
            }
        }
        return bytes(o);
    }

    static byte[] bytes(Object o) {
        try {
            return JSON.writeValueAsBytes(o);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
