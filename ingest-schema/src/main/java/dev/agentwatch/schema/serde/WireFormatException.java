package dev.agentwatch.schema.serde;

import java.util.Objects;
import org.apache.kafka.common.errors.SerializationException;

/**
 * A payload that could not be turned into a record. Each subclass is one {@link FailureReason}; callers that
 * route failures (e.g. to a dead-letter topic) need only {@link #reason()}.
 */
public abstract class WireFormatException extends SerializationException {

    private final FailureReason reason;

    protected WireFormatException(FailureReason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public FailureReason reason() {
        return reason;
    }

    /** Stable short code for headers and metrics, e.g. {@code bad-magic-byte}. */
    public String reasonCode() {
        return reason.code();
    }

    /** True when the record is bad; false when the failure is the environment's (registry unavailable). */
    public boolean isRecordFault() {
        return reason.isRecordFault();
    }
}
