package dev.agentwatch.schema.serde;

import dev.agentwatch.schema.registry.SchemaRegistryException;

/**
 * The writer schema could not be fetched because the registry failed (unreachable, timed out, 5xx, or an
 * unexpected answer). Not the record's fault: {@link #isRecordFault()} is false, and the same record should
 * deserialize once the registry is back.
 */
public class WriterSchemaUnavailableException extends WireFormatException {

    private final int schemaId;

    public WriterSchemaUnavailableException(String message, int schemaId, SchemaRegistryException cause) {
        super(FailureReason.REGISTRY_UNAVAILABLE, message, cause);
        this.schemaId = schemaId;
    }

    public int schemaId() {
        return schemaId;
    }
}
