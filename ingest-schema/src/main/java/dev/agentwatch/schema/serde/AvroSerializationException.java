package dev.agentwatch.schema.serde;

import org.apache.kafka.common.errors.SerializationException;

/**
 * A record could not be serialized: its schema could not be registered or found (the cause is then a
 * {@link dev.agentwatch.schema.registry.SchemaRegistryException}), or the record does not match its schema.
 */
public class AvroSerializationException extends SerializationException {

    public AvroSerializationException(String message, Throwable cause) {
        super(message, cause);
    }

    /** Whether retrying the same record later may succeed (the registry was unavailable). */
    public boolean isRetriable() {
        return getCause() instanceof dev.agentwatch.schema.registry.SchemaRegistryException e && e.isRetriable();
    }
}
