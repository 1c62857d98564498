package dev.agentwatch.schema.serde;

/** Bytes are left over after the record: the payload is corrupt or not a single record. */
public class TrailingBytesException extends WireFormatException {

    private final int trailingBytes;

    public TrailingBytesException(String message, int trailingBytes) {
        super(FailureReason.TRAILING_BYTES, message, null);
        this.trailingBytes = trailingBytes;
    }

    public int trailingBytes() {
        return trailingBytes;
    }
}
