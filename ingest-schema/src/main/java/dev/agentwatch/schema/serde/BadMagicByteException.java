package dev.agentwatch.schema.serde;

/** Byte 0 of the payload is not the wire format's magic byte 0x0. */
public class BadMagicByteException extends WireFormatException {

    private final byte found;

    public BadMagicByteException(String message, byte found) {
        super(FailureReason.BAD_MAGIC_BYTE, message, null);
        this.found = found;
    }

    /** The byte found where the magic byte belongs. */
    public byte found() {
        return found;
    }
}
