package dev.agentwatch.schema.validation;

/**
 * The documented bounds on one metric event (README, "Limits"). They keep every per-event structure of the
 * streams app bounded whatever a producer sends: a slice's evidence, an agent's identity, the labels rules
 * match on, and the sums of running windows, which must stay finite and exact enough to subtract from.
 */
public final class EventLimits {

    /** SPEC section 1: 1 to 200 characters. Also the bound on {@code parent_agent_id}. */
    public static final int MAX_AGENT_ID_LENGTH = 200;
    /** {@code event_id}, {@code trace_id}, {@code span_id}: a UUID is 36, a W3C trace id 32. */
    public static final int MAX_ID_LENGTH = 256;
    /** {@code fleet}, {@code model}, {@code provider}, {@code error_type} and the other descriptive strings. */
    public static final int MAX_TEXT_LENGTH = 256;
    public static final int MAX_LABELS = 32;
    public static final int MAX_LABEL_NAME_LENGTH = 128;
    public static final int MAX_LABEL_VALUE_LENGTH = 256;
    /** Entries of {@code metrics}; a slice keeps at most this many names anyway. */
    public static final int MAX_CUSTOM_METRICS = 32;
    public static final int MAX_CUSTOM_METRIC_NAME_LENGTH = 128;
    /** Per token field of one call: well above any context window. */
    public static final long MAX_TOKENS = 1_000_000_000L;
    /** About 11.6 days. */
    public static final double MAX_LATENCY_MS = 1e9;
    public static final double MAX_COST_USD = 1e6;
    /** {@code tool_calls}, {@code tool_failures}, {@code retries}. */
    public static final int MAX_COUNT = 1_000_000;
    /** Magnitude of a custom metric value. */
    public static final double MAX_CUSTOM_METRIC_MAGNITUDE = 1e15;
    /**
     * The smallest {@code sample_rate}: an event then weighs at most a million. Below it 1/rate grows without
     * bound (1e-320 gives infinity), and a weighted sum that is infinite can never be subtracted again.
     */
    public static final double MIN_SAMPLE_RATE = 1e-6;
    /** Default bound on a metrics record's key plus value in bytes; a valid event is far smaller. */
    public static final int DEFAULT_MAX_RECORD_BYTES = 128 * 1024;

    private EventLimits() {
    }
}
