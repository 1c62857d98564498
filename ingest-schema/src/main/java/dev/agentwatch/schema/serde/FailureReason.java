package dev.agentwatch.schema.serde;

/**
 * Why a payload could not be deserialized. {@link #code()} is stable and short: it goes into dead-letter
 * headers and metric labels.
 */
public enum FailureReason {
    /** Fewer than the 5 header bytes (magic byte and schema id). */
    NOT_WIRE_FORMAT("not-wire-format", true),
    /** Byte 0 is not the wire format's magic byte 0x0. */
    BAD_MAGIC_BYTE("bad-magic-byte", true),
    /** The registry has no schema with the id in the header. */
    UNKNOWN_SCHEMA_ID("unknown-schema-id", true),
    /** The writer schema cannot be read as the reader's class (other record type, incompatible change). */
    INCOMPATIBLE_WRITER_SCHEMA("incompatible-writer-schema", true),
    /** The Avro body ends before the record does. */
    TRUNCATED_AVRO("truncated-avro", true),
    /** The Avro body holds values no Avro writer produces (bad lengths, union or enum indexes, varints). */
    CORRUPT_AVRO("corrupt-avro", true),
    /** Bytes are left over after the record: the payload is not one record. */
    TRAILING_BYTES("trailing-bytes", true),
    /** The writer schema could not be fetched: the registry is down, not the record bad. Retry, don't park. */
    REGISTRY_UNAVAILABLE("registry-unavailable", false);

    private final String code;
    private final boolean recordFault;

    FailureReason(String code, boolean recordFault) {
        this.code = code;
        this.recordFault = recordFault;
    }

    /** Stable short code, e.g. {@code truncated-avro}. */
    public String code() {
        return code;
    }

    /** Whether the record itself is at fault (so it belongs in a dead-letter topic rather than a retry). */
    public boolean isRecordFault() {
        return recordFault;
    }
}
