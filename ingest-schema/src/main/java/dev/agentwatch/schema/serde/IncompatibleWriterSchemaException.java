package dev.agentwatch.schema.serde;

/** The record's writer schema cannot be read as the reader's generated class. */
public class IncompatibleWriterSchemaException extends WireFormatException {

    public IncompatibleWriterSchemaException(String message) {
        super(FailureReason.INCOMPATIBLE_WRITER_SCHEMA, message, null);
    }

    public IncompatibleWriterSchemaException(String message, Throwable cause) {
        super(FailureReason.INCOMPATIBLE_WRITER_SCHEMA, message, cause);
    }
}
