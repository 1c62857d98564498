package dev.agentwatch.gateway.otlp;

/** A GenAI span that cannot become an event; the message says why, without naming the span. */
final class SpanRejectedException extends Exception {
    private static final long serialVersionUID = 1L;

    SpanRejectedException(String reason) {
        // No stack trace: rejections are expected input, and a bad batch may hold thousands.
        super(reason, null, false, false);
    }
}
