package dev.agentwatch.schema.validation;

import java.util.Objects;

/**
 * Why one metric event is refused: a stable reason code (for DLQ headers and counters), the field at fault
 * and a sentence for people.
 */
public record Violation(Reason reason, String field, String message) {

    public Violation {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(message, "message");
    }

    /** Stable codes; they appear in the {@code agentwatch.dlq.reason} header and metric labels. */
    public enum Reason {
        MISSING_FIELD("missing-field"),
        INVALID_AGENT_ID("invalid-agent-id"),
        NEGATIVE_VALUE("negative-value"),
        NOT_FINITE("not-finite"),
        INVALID_SAMPLE_RATE("invalid-sample-rate"),
        TOOL_FAILURES_EXCEED_CALLS("tool-failures-exceed-calls"),
        FUTURE_TIMESTAMP("future-timestamp"),
        EXPIRED_TIMESTAMP("expired-timestamp"),
        /** A string longer than its {@link EventLimits} bound. */
        FIELD_TOO_LONG("field-too-long"),
        /** More labels or custom metrics than {@link EventLimits} allows. */
        TOO_MANY_ENTRIES("too-many-entries"),
        /** A number beyond its {@link EventLimits} bound. */
        OUT_OF_RANGE("out-of-range");

        private final String code;

        Reason(String code) {
            this.code = code;
        }

        public String code() {
            return code;
        }
    }

    @Override
    public String toString() {
        return reason.code() + " (" + field + "): " + message;
    }
}
