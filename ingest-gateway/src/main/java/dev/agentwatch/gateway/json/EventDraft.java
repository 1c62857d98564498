package dev.agentwatch.gateway.json;

import dev.agentwatch.schema.MetricEvent;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The fields of one event as they are read, each at most once, typed; then the event, or its errors. Plain fields
 * rather than a map keep the per-event cost of the gateway's hot path to one small object and no boxing.
 */
final class EventDraft {

    String eventId;
    String agentId;
    String fleet;
    String agentVersion;
    String instanceId;
    String model;
    String provider;
    String operation;
    String requestType;
    String errorType;
    String traceId;
    String spanId;
    String parentAgentId;
    Long tokensIn;
    Long tokensOut;
    Long tokensUsed;
    Long cacheReadTokens;
    Integer toolCalls;
    Integer toolFailures;
    Integer retries;
    Double latencyMs;
    Double costUsd;
    Double sampleRate;
    Boolean success;
    Long timestamp;
    Map<String, String> labels;
    Map<String, Double> metrics;

    MappedEvent finish(long nowMs, List<FieldError> errors) {
        if (tokensUsed != null && (tokensIn != null || tokensOut != null)) {
            errors.add(new FieldError("tokens_used", "give tokens_used or tokens_in/tokens_out, not both"));
        }
        if (agentId == null) {
            errors.add(new FieldError("agent_id", "agent_id is required"));
        }
        if (success == null) {
            errors.add(new FieldError("success", "success is required (true or false)"));
        }
        if (!errors.isEmpty()) {
            return MappedEvent.invalid(errors);
        }
        boolean generated = eventId == null;
        // the all-fields constructor in schema order: Avro's builder would copy defaults and check every field again
        MetricEvent e = new MetricEvent(generated ? UUID.randomUUID().toString() : eventId, agentId,
                Instant.ofEpochMilli(timestamp != null ? timestamp : nowMs), fleet, agentVersion, instanceId, model,
                provider, operation, requestType, tokensIn != null ? tokensIn : tokensUsed, tokensOut, cacheReadTokens,
                latencyMs, success, errorType, costUsd, toolCalls, toolFailures, retries, traceId, spanId, parentAgentId,
                sampleRate != null ? sampleRate : 1.0, labels != null ? labels : new HashMap<>(0),
                metrics != null ? metrics : new HashMap<>(0));
        return MappedEvent.of(e, generated);
    }
}
