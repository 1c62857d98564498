package dev.agentwatch.gateway.otlp;

import com.google.protobuf.ByteString;
import dev.agentwatch.schema.MetricEvent;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/** One GenAI span to one MetricEvent, after the OpenTelemetry GenAI semantic conventions. */
final class SpanEventMapper {
    private static final int TRACE_ID_BYTES = 16;
    private static final int SPAN_ID_BYTES = 8;
    private static final long NANOS_PER_MILLI = 1_000_000L;

    /** OpenTelemetry SDKs name a service "unknown_service" or "unknown_service:<process>" when none is configured. */
    private static final String UNSET_SERVICE_NAME = "unknown_service";
    private static final String TOOL_OPERATION = "execute_tool";
    private static final String STATUS_ERROR_TYPE = "span_status_error";

    private SpanEventMapper() {}

    static MetricEvent toEvent(Span span, SpanAttributes attrs) throws SpanRejectedException {
        String traceId = id(span.getTraceId(), TRACE_ID_BYTES, "trace id");
        String spanId = id(span.getSpanId(), SPAN_ID_BYTES, "span id");
        long start = span.getStartTimeUnixNano();
        long end = span.getEndTimeUnixNano();
        checkTimes(start, end);

        boolean statusError = span.getStatus().getCode() == Status.StatusCode.STATUS_CODE_ERROR;
        String errorType = attrs.string("error.type");
        boolean success = !statusError && errorType == null;
        if (errorType == null && statusError) {
            errorType = STATUS_ERROR_TYPE;
        }
        String operation = attrs.string("gen_ai.operation.name");
        boolean tool = TOOL_OPERATION.equals(operation);

        return MetricEvent.newBuilder()
                // Deterministic, so an exporter's retry of the same span is de-duplicated downstream.
                .setEventId(traceId + "-" + spanId)
                .setAgentId(agentId(attrs))
                .setTimestamp(Instant.ofEpochMilli(end / NANOS_PER_MILLI))
                .setLatencyMs((end - start) / (double) NANOS_PER_MILLI)
                .setFleet(first(attrs.string("agentwatch.fleet"), attrs, "service.namespace"))
                .setAgentVersion(first(attrs.string("gen_ai.agent.version"), attrs, "service.version"))
                .setInstanceId(attrs.string("service.instance.id"))
                .setModel(first(attrs.string("gen_ai.response.model"), attrs, "gen_ai.request.model"))
                .setProvider(first(attrs.string("gen_ai.provider.name"), attrs, "gen_ai.system"))
                .setOperation(operation)
                .setRequestType(attrs.string("agentwatch.request_type"))
                .setTokensIn(firstNumber(attrs, "gen_ai.usage.input_tokens", "gen_ai.usage.prompt_tokens"))
                .setTokensOut(firstNumber(attrs, "gen_ai.usage.output_tokens", "gen_ai.usage.completion_tokens"))
                .setCacheReadTokens(attrs.wholeNumber("gen_ai.usage.cache_read.input_tokens"))
                .setSuccess(success)
                .setErrorType(errorType)
                .setCostUsd(attrs.number("agentwatch.cost_usd"))
                .setToolCalls(tool ? 1 : null)
                .setToolFailures(tool ? (success ? 0 : 1) : null)
                .setRetries(null)
                .setTraceId(traceId)
                .setSpanId(spanId)
                .setParentAgentId(attrs.string("agentwatch.parent_agent_id"))
                .setSampleRate(1.0)
                .setLabels(labels(attrs))
                .setMetrics(new HashMap<>())
                .build();
    }

    private static String id(ByteString id, int expectedBytes, String what) throws SpanRejectedException {
        if (id.isEmpty()) {
            throw new SpanRejectedException("no " + what);
        }
        if (id.size() != expectedBytes) {
            throw new SpanRejectedException(what + " is " + id.size() + " bytes, not " + expectedBytes);
        }
        if (OtlpIds.allZero(id)) {
            // W3C trace context: all zeros means "no id".
            throw new SpanRejectedException(what + " is all zeros");
        }
        return OtlpIds.hex(id);
    }

    // The fields are fixed64; a value past Long.MAX_VALUE (year 2262) reads as negative here and is refused.
    private static void checkTimes(long start, long end) throws SpanRejectedException {
        if (end == 0) {
            throw new SpanRejectedException("no end time (end_time_unix_nano is 0)");
        }
        if (start == 0) {
            throw new SpanRejectedException("no start time (start_time_unix_nano is 0)");
        }
        if (start < 0 || end < 0) {
            throw new SpanRejectedException("start or end time out of range");
        }
        if (end < start) {
            throw new SpanRejectedException("ends before it starts (start_time_unix_nano " + start
                    + ", end_time_unix_nano " + end + ")");
        }
    }

    private static String agentId(SpanAttributes attrs) throws SpanRejectedException {
        String id = attrs.string("gen_ai.agent.id");
        if (id == null) {
            id = attrs.string("gen_ai.agent.name");
        }
        if (id == null) {
            String service = attrs.string("service.name");
            if (service != null && !service.startsWith(UNSET_SERVICE_NAME)) {
                id = service;
            }
        }
        if (id == null) {
            throw new SpanRejectedException("no agent id: set gen_ai.agent.id, gen_ai.agent.name or service.name");
        }
        return id;
    }

    // The fallback is read only when needed, so a malformed alias behind a good value does not reject the span.
    private static String first(String preferred, SpanAttributes attrs, String fallbackKey)
            throws SpanRejectedException {
        return preferred != null ? preferred : attrs.string(fallbackKey);
    }

    private static Long firstNumber(SpanAttributes attrs, String key, String aliasKey) throws SpanRejectedException {
        Long value = attrs.wholeNumber(key);
        return value != null ? value : attrs.wholeNumber(aliasKey);
    }

    private static Map<String, String> labels(SpanAttributes attrs) throws SpanRejectedException {
        Map<String, String> labels = new HashMap<>();
        String environment = first(attrs.string("deployment.environment.name"), attrs, "deployment.environment");
        if (environment != null) {
            labels.put("environment", environment);
        }
        String region = attrs.string("cloud.region");
        if (region != null) {
            labels.put("region", region);
        }
        // Explicit agentwatch.label.* attributes are the more deliberate choice, so they win over the above.
        attrs.putPrefixedLabels(labels);
        return labels;
    }
}
