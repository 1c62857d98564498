package dev.agentwatch.schema.serde;

/** The Avro body holds values no Avro writer produces. */
public class CorruptAvroException extends WireFormatException {

    public CorruptAvroException(String message) {
        super(FailureReason.CORRUPT_AVRO, message, null);
    }

    public CorruptAvroException(String message, Throwable cause) {
        super(FailureReason.CORRUPT_AVRO, message, cause);
    }
}
