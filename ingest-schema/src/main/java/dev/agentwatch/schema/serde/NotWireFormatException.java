package dev.agentwatch.schema.serde;

/** The payload is shorter than the wire format's 5-byte header. */
public class NotWireFormatException extends WireFormatException {

    public NotWireFormatException(String message) {
        super(FailureReason.NOT_WIRE_FORMAT, message, null);
    }

    public NotWireFormatException(String message, Throwable cause) {
        super(FailureReason.NOT_WIRE_FORMAT, message, cause);
    }
}
