package dev.agentwatch.schema.registry;

import org.apache.avro.Schema;

/**
 * A Confluent-REST-API schema registry, as the serdes and tools of this project use it.
 *
 * <p>Every method may throw {@link SchemaRegistryUnavailableException} (retriable) besides the exceptions it
 * names; all are {@link SchemaRegistryException}s. Implementations are thread-safe.
 */
public interface SchemaRegistryClient extends AutoCloseable {

    /**
     * Registers the schema under the subject (a no-op returning the existing id if it is already there).
     *
     * @return the schema's global id
     * @throws IncompatibleSchemaException if the subject's compatibility rule refuses it
     */
    int register(String subject, Schema schema);

    /**
     * Looks up the id of a schema already registered under the subject, without registering anything.
     *
     * @throws SchemaNotRegisteredException if no version of the subject has this schema
     */
    int idOf(String subject, Schema schema);

    /**
     * The schema with this global id.
     *
     * @throws UnknownSchemaIdException if the registry has none
     */
    Schema schemaById(int id);

    /**
     * The subject's latest version.
     *
     * @throws SubjectNotFoundException if the subject has no version
     */
    RegisteredSchema latest(String subject);

    /**
     * Whether the schema could be registered as the subject's next version. A subject without versions accepts
     * any schema.
     */
    CompatibilityResult testCompatibility(String subject, Schema schema);

    /** The subject's compatibility rule, or the global one when the subject has none of its own. */
    CompatibilityLevel compatibility(String subject);

    void setCompatibility(String subject, CompatibilityLevel level);

    CompatibilityLevel globalCompatibility();

    void setGlobalCompatibility(CompatibilityLevel level);

    /** Releases the client's resources. Never throws. */
    @Override
    void close();
}
