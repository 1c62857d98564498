package dev.agentwatch.schema.registry;

/**
 * The registry holds a schema under this id that an Avro reader cannot use: another schema type (JSON,
 * Protobuf) or text Avro cannot parse. Nothing changes by asking again, so a payload naming it is at fault.
 */
public class UnreadableSchemaException extends SchemaRegistryException {

    private final int schemaId;

    public UnreadableSchemaException(String message, int schemaId) {
        super(message);
        this.schemaId = schemaId;
    }

    public UnreadableSchemaException(String message, int schemaId, Throwable cause) {
        super(message, cause);
        this.schemaId = schemaId;
    }

    public int schemaId() {
        return schemaId;
    }
}
