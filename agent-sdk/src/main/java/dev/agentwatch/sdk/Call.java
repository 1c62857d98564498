package dev.agentwatch.sdk;

import dev.agentwatch.schema.MetricEvent;

import java.time.Instant;
import java.util.function.Predicate;

/**
 * One LLM call or decision being described, pre-filled with the client's agent, fleet, model, version and
 * labels, a fresh event id and the time now; {@link #record()} hands it to the client. Not thread-safe: one
 * call, one thread.
 */
public final class Call {

    /** The client's record(): a function, so a call does not depend on the client that made it. */
    private final Predicate<MetricEvent> recorder;
    private final MetricEvent event;

    Call(Predicate<MetricEvent> recorder, MetricEvent event) {
        this.recorder = recorder;
        this.event = event;
    }

    public Call requestType(String decisionClass) { event.setRequestType(decisionClass); return this; }
    public Call operation(String operation) { event.setOperation(operation); return this; }
    public Call model(String model) { event.setModel(model); return this; }
    public Call provider(String provider) { event.setProvider(provider); return this; }
    public Call tokens(long in, long out) { event.setTokensIn(in); event.setTokensOut(out); return this; }
    public Call cacheReadTokens(long n) { event.setCacheReadTokens(n); return this; }
    public Call latencyMs(double ms) { event.setLatencyMs(ms); return this; }
    public Call success(boolean success) { event.setSuccess(success); return this; }
    /** A failed call with its error type (timeout, rate_limit, ...). */
    public Call error(String errorType) { event.setSuccess(false); event.setErrorType(errorType); return this; }
    public Call costUsd(double usd) { event.setCostUsd(usd); return this; }
    public Call toolCalls(int calls, int failures) { event.setToolCalls(calls); event.setToolFailures(failures); return this; }
    public Call retries(int n) { event.setRetries(n); return this; }
    public Call trace(String traceId, String spanId) { event.setTraceId(traceId); event.setSpanId(spanId); return this; }
    public Call parentAgent(String agentId) { event.setParentAgentId(agentId); return this; }
    public Call eventId(String id) { event.setEventId(id); return this; }
    public Call timestamp(Instant at) { event.setTimestamp(at); return this; }

    public Call label(String name, String value) {
        event.getLabels().put(name, value);
        return this;
    }

    /** A custom metric, usable in rules as {@code metrics.<name>}. */
    public Call metric(String name, double value) {
        event.getMetrics().put(name, value);
        return this;
    }

    /** The event as described so far. */
    MetricEvent event() {
        return event;
    }

    /** Hands the event to the client; never blocks, never throws. @return whether it was queued */
    public boolean record() {
        return recorder.test(event);
    }
}
