package dev.agentwatch.schema.registry;

/** The registry answered 2xx with a body we cannot use (not JSON, a missing field, an unparseable schema). */
public class MalformedRegistryResponseException extends SchemaRegistryException {

    public MalformedRegistryResponseException(String message) {
        super(message);
    }

    public MalformedRegistryResponseException(String message, Throwable cause) {
        super(message, cause);
    }
}
