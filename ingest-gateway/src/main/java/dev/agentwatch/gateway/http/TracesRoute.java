package dev.agentwatch.gateway.http;

import dev.agentwatch.gateway.auth.ApiKey;
import dev.agentwatch.gateway.intake.EventOutcome;
import dev.agentwatch.gateway.intake.Intake;
import dev.agentwatch.gateway.json.MappedEvent;
import dev.agentwatch.gateway.metrics.GatewayMetrics;
import dev.agentwatch.gateway.otlp.GenAiSpans;
import dev.agentwatch.gateway.otlp.OtlpFormatException;
import dev.agentwatch.gateway.otlp.OtlpJson;
import dev.agentwatch.gateway.otlp.OtlpResponses;
import dev.agentwatch.gateway.otlp.SpanBatch;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import org.eclipse.jetty.http.HttpHeader;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executor;

/**
 * {@code POST /v1/traces}, OTLP/HTTP: protobuf ({@code application/x-protobuf}, the exporters' default) or OTLP
 * JSON. GenAI spans become metric events and take the same {@link Intake} as JSON events; other spans are
 * skipped and counted. The answer is OTLP's: 200 with {@code partial_success} counting the GenAI spans not taken
 * (unmappable or invalid), in the request's encoding; 503 with {@code Retry-After} when Kafka did not take them
 * all, which OTLP exporters retry.
 */
final class TracesRoute {

    private static final String PROTOBUF = "application/x-protobuf";
    private static final String JSON = "application/json";

    private final Intake intake;
    private final GatewayMetrics metrics;
    private final Executor answers;

    TracesRoute(Intake intake, GatewayMetrics metrics, Executor answers) {
        this.intake = intake;
        this.metrics = metrics;
        this.answers = answers;
    }

    void take(Exchange x, byte[] body, ApiKey key, boolean alreadySampled) {
        String type = x.request.getHeaders().get(HttpHeader.CONTENT_TYPE);
        String t = type == null ? "" : type.toLowerCase(Locale.ROOT);
        boolean json = t.startsWith(JSON);
        if (!json && !t.startsWith(PROTOBUF)) {
            metrics.rejected("unsupported_media_type", 1);
            x.error(415, "unsupported_media_type", "OTLP/HTTP takes application/x-protobuf or application/json (got "
                    + (type == null ? "none" : type) + ")");
            return;
        }
        ExportTraceServiceRequest request;
        try {
            request = json ? OtlpJson.parse(body) : ExportTraceServiceRequest.parseFrom(body);
        } catch (OtlpFormatException | com.google.protobuf.InvalidProtocolBufferException e) {
            metrics.rejected("bad_json", 1);
            x.error(400, "bad_otlp", "not an OTLP trace export request: " + e.getMessage());
            return;
        }
        SpanBatch batch = GenAiSpans.map(request);
        metrics.spans("skipped", batch.skippedSpans());
        metrics.spans("rejected", batch.rejectedSpans());
        metrics.spans("mapped", batch.events().size());
        List<MappedEvent> events = new ArrayList<>(batch.events().size());
        batch.events().forEach(e -> events.add(MappedEvent.of(e, false)));
        if (events.isEmpty()) {
            x.answer(200, json ? JSON : PROTOBUF, otlpAnswer(json, batch.rejectedSpans(), batch.rejections()));
            return;
        }
        intake.take(events, key, alreadySampled).whenCompleteAsync((r, error) -> {
            if (error != null) {
                x.error(500, "internal", "the gateway failed to handle the request: " + error);
            } else if (r.refusal() != null) {
                x.error(r.refusal().status(), r.refusal().error(), r.refusal().message(), r.refusal().retryAfterSeconds());
            } else if (r.count(EventOutcome.Status.FAILED) > 0) {
                x.error(503, "unavailable", "Kafka did not take " + r.count(EventOutcome.Status.FAILED) + " of the "
                        + events.size() + " GenAI spans; retry (the spans' ids make a resend count once)", 2);
            } else {
                List<String> why = new ArrayList<>(batch.rejections());
                r.outcomes().stream().filter(o -> o.status() == EventOutcome.Status.REJECTED)
                        .forEach(o -> why.add("span " + o.eventId() + ": " + o.errors().get(0).message()));
                int rejected = batch.rejectedSpans() + (int) r.count(EventOutcome.Status.REJECTED);
                x.answer(200, json ? JSON : PROTOBUF, otlpAnswer(json, rejected, why));
            }
        }, answers);
    }

    private static byte[] otlpAnswer(boolean json, int rejected, List<String> why) {
        String message = rejected == 0 ? "" : String.join("; ", why.subList(0, Math.min(5, why.size())))
                + (why.size() > 5 ? "; and " + (why.size() - 5) + " more" : "");
        return json ? OtlpResponses.json(rejected, message) : OtlpResponses.protobuf(rejected, message);
    }
}
