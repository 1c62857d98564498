package dev.agentwatch.gateway.otlp;

import dev.agentwatch.schema.MetricEvent;
import java.util.List;

/**
 * What one OTLP trace request became: the events of its GenAI spans, how many spans were not GenAI
 * (skipped, not an error), and how many GenAI spans could not be mapped. {@code rejections} holds a
 * message for each of the first {@link GenAiSpans#MAX_REJECTION_MESSAGES} rejected spans only, so a
 * batch of thousands of bad spans cannot make an unbounded error message; {@code rejectedSpans}
 * counts them all.
 */
public record SpanBatch(List<MetricEvent> events, int skippedSpans, int rejectedSpans, List<String> rejections) {
    public SpanBatch {
        events = List.copyOf(events);
        rejections = List.copyOf(rejections);
    }
}
