package dev.agentwatch.schema.registry;

/** The registry could not be reached, timed out, or answered 5xx / 408 / 429: worth retrying later. */
public class SchemaRegistryUnavailableException extends SchemaRegistryException {

    public SchemaRegistryUnavailableException(String message) {
        super(message);
    }

    public SchemaRegistryUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public boolean isRetriable() {
        return true;
    }
}
