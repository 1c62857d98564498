package dev.agentwatch.gateway.otlp;

import com.google.protobuf.ByteString;
import dev.agentwatch.schema.MetricEvent;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.util.ArrayList;
import java.util.List;

/** An OTLP trace request to metric events: one per GenAI span; other spans are skipped. */
public final class GenAiSpans {
    /** Enough to show what is wrong without letting a huge bad batch make a huge response. */
    static final int MAX_REJECTION_MESSAGES = 20;

    private static final int MAX_SHOWN_NAME = 100;
    private static final int MAX_SHOWN_ID_BYTES = 16;

    private GenAiSpans() {}

    public static SpanBatch map(ExportTraceServiceRequest req) {
        List<MetricEvent> events = new ArrayList<>();
        List<String> rejections = new ArrayList<>();
        int skipped = 0;
        int rejected = 0;
        for (ResourceSpans resourceSpans : req.getResourceSpansList()) {
            Resource resource = resourceSpans.getResource();
            SpanAttributes resourceAttrs = SpanAttributes.of(resource.getAttributesList(), null);
            for (ScopeSpans scopeSpans : resourceSpans.getScopeSpansList()) {
                SpanAttributes scopeAttrs =
                        SpanAttributes.of(scopeSpans.getScope().getAttributesList(), resourceAttrs);
                for (Span span : scopeSpans.getSpansList()) {
                    if (!isGenAi(span)) {
                        skipped++;
                        continue;
                    }
                    try {
                        SpanAttributes attrs = SpanAttributes.of(span.getAttributesList(), scopeAttrs);
                        events.add(SpanEventMapper.toEvent(span, attrs));
                    } catch (SpanRejectedException e) {
                        rejected++;
                        if (rejections.size() < MAX_REJECTION_MESSAGES) {
                            rejections.add(describe(span) + ": " + e.getMessage());
                        }
                    }
                }
            }
        }
        return new SpanBatch(events, skipped, rejected, rejections);
    }

    /**
     * Only the span's own attributes decide: a resource-wide gen_ai.* attribute would otherwise turn every
     * HTTP or database span of that service into a GenAI event.
     */
    static boolean isGenAi(Span span) {
        for (KeyValue kv : span.getAttributesList()) {
            switch (kv.getKey()) {
                case "gen_ai.operation.name", "gen_ai.provider.name", "gen_ai.system", "gen_ai.request.model":
                    return true;
                default:
                    break;
            }
        }
        return false;
    }

    private static String describe(Span span) {
        String name = span.getName();
        if (name.length() > MAX_SHOWN_NAME) {
            name = name.substring(0, MAX_SHOWN_NAME) + "...";
        }
        return "span '" + name + "' (trace " + shownId(span.getTraceId()) + ", span "
                + shownId(span.getSpanId()) + ")";
    }

    // A malformed id may be any length; show enough of it to find the span.
    private static String shownId(ByteString id) {
        return id.size() <= MAX_SHOWN_ID_BYTES ? OtlpIds.hex(id) : OtlpIds.hex(id.substring(0, MAX_SHOWN_ID_BYTES)) + "...";
    }
}
