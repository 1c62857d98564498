package dev.agentwatch.schema.registry;

/**
 * Base of every failure of a schema-registry call. Unchecked: callers on the hot path (serdes) translate these
 * into Kafka exceptions, and callers elsewhere mostly let them propagate.
 *
 * <p>Messages name the URL that was called, never with credentials in it.
 */
public class SchemaRegistryException extends RuntimeException {

    public SchemaRegistryException(String message) {
        super(message);
    }

    public SchemaRegistryException(String message, Throwable cause) {
        super(message, cause);
    }

    /** Whether the same call may succeed later without anything changing on the caller's side. */
    public boolean isRetriable() {
        return false;
    }
}
