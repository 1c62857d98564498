package dev.agentwatch.schema.registry;

/** The registry has no schema with this id (HTTP 404, error_code 40403). */
public class UnknownSchemaIdException extends SchemaRegistryRequestException {

    private final int schemaId;

    public UnknownSchemaIdException(String message, int schemaId, int status, int errorCode, String body) {
        super(message, status, errorCode, body);
        this.schemaId = schemaId;
    }

    public int schemaId() {
        return schemaId;
    }
}
