package dev.agentwatch.schema.serde;

/** The Avro body ends before the record it starts. */
public class TruncatedAvroException extends WireFormatException {

    public TruncatedAvroException(String message) {
        super(FailureReason.TRUNCATED_AVRO, message, null);
    }

    public TruncatedAvroException(String message, Throwable cause) {
        super(FailureReason.TRUNCATED_AVRO, message, cause);
    }
}
