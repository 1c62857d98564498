package dev.agentwatch.schema.serde;

import dev.agentwatch.schema.registry.UnknownSchemaIdException;

/** The schema id in the payload's header is unknown to the registry. */
public class SchemaIdNotFoundException extends WireFormatException {

    private final int schemaId;

    public SchemaIdNotFoundException(String message, int schemaId, UnknownSchemaIdException cause) {
        super(FailureReason.UNKNOWN_SCHEMA_ID, message, cause);
        this.schemaId = schemaId;
    }

    public int schemaId() {
        return schemaId;
    }
}
