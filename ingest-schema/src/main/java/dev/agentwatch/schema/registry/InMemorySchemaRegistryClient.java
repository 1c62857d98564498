package dev.agentwatch.schema.registry;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;

/**
 * A schema registry held in memory that answers as {@link HttpSchemaRegistryClient} does over HTTP, with the same
 * exceptions, statuses and Confluent error codes. {@link SchemaRegistryClients} hands out one per
 * {@code mock://scope} URL, so that a test's serdes and the app under test share ids without a registry process.
 *
 * <p>A schema keeps one id whichever subjects hold it (Apicurio's and Confluent's content ids do the same); ids
 * start at 1. Global compatibility starts BACKWARD, as the local registry's does.
 *
 * <p>{@link #close()} does nothing: the registry outlives the serdes that close their client. {@link #clear()}
 * empties it.
 */
public final class InMemorySchemaRegistryClient implements SchemaRegistryClient {

    static final CompatibilityLevel DEFAULT_COMPATIBILITY = CompatibilityLevel.BACKWARD;

    private final String name;
    /** Read without the lock: a deserializer meeting a new id asks here. */
    private final Map<Integer, Schema> schemasById = new ConcurrentHashMap<>();
    private final Map<Schema, Integer> idsBySchema = new HashMap<>();
    private final Map<String, List<RegisteredSchema>> versionsBySubject = new HashMap<>();
    private final Map<String, CompatibilityLevel> levelsBySubject = new HashMap<>();
    private CompatibilityLevel globalLevel = DEFAULT_COMPATIBILITY;
    private int lastId;

    /** @param name how messages name this registry, e.g. its {@code mock://} URL */
    public InMemorySchemaRegistryClient(String name) {
        this.name = Objects.requireNonNull(name, "name");
    }

    @Override
    public synchronized int register(String subject, Schema schema) {
        List<RegisteredSchema> versions = versionsOf(Subjects.require(subject));
        RegisteredSchema existing = find(versions, Objects.requireNonNull(schema, "schema"));
        if (existing != null) {
            return existing.id();
        }
        List<String> refusals = CompatibilityRules.refusals(compatibility(subject), schema, schemas(versions));
        if (!refusals.isEmpty()) {
            String reason = String.join("; ", refusals);
            throw new IncompatibleSchemaException("Schema registry " + name + " refused schema " + schema.getFullName()
                    + " for subject '" + subject + "' as incompatible: " + reason, subject, reason, 409, 409, reason);
        }
        int id = idsBySchema.computeIfAbsent(schema, unused -> ++lastId);
        schemasById.put(id, schema);
        versionsBySubject.computeIfAbsent(subject, unused -> new ArrayList<>())
                .add(new RegisteredSchema(subject, id, versions.size() + 1, schema));
        return id;
    }

    @Override
    public synchronized int idOf(String subject, Schema schema) {
        List<RegisteredSchema> versions = versionsOf(Subjects.require(subject));
        RegisteredSchema existing = find(versions, Objects.requireNonNull(schema, "schema"));
        if (existing == null) {
            int code = versions.isEmpty() ? 40401 : 40403;
            throw new SchemaNotRegisteredException("Schema " + schema.getFullName() + " is not registered under "
                    + "subject '" + subject + "' in schema registry " + name, subject, 404, code, "");
        }
        return existing.id();
    }

    @Override
    public Schema schemaById(int id) {
        Schema schema = schemasById.get(id);
        if (schema == null) {
            throw new UnknownSchemaIdException("Schema registry " + name + " has no schema with id " + id
                    + " (HTTP 404)", id, 404, 40403, "");
        }
        return schema;
    }

    @Override
    public synchronized RegisteredSchema latest(String subject) {
        List<RegisteredSchema> versions = versionsOf(Subjects.require(subject));
        if (versions.isEmpty()) {
            throw new SubjectNotFoundException("Subject '" + subject + "' has no registered version in schema "
                    + "registry " + name, subject, 404, 40401, "");
        }
        return versions.get(versions.size() - 1);
    }

    @Override
    public synchronized CompatibilityResult testCompatibility(String subject, Schema schema) {
        List<String> refusals = CompatibilityRules.refusals(compatibility(subject),
                Objects.requireNonNull(schema, "schema"), schemas(versionsOf(subject)));
        return new CompatibilityResult(refusals.isEmpty(), refusals);
    }

    @Override
    public synchronized CompatibilityLevel compatibility(String subject) {
        return levelsBySubject.getOrDefault(Subjects.require(subject), globalLevel);
    }

    @Override
    public synchronized void setCompatibility(String subject, CompatibilityLevel level) {
        levelsBySubject.put(Subjects.require(subject), Objects.requireNonNull(level, "level"));
    }

    @Override
    public synchronized CompatibilityLevel globalCompatibility() {
        return globalLevel;
    }

    @Override
    public synchronized void setGlobalCompatibility(CompatibilityLevel level) {
        globalLevel = Objects.requireNonNull(level, "level");
    }

    /** Nothing to release; the registry stays for the other clients of its scope. */
    @Override
    public void close() {}

    /**
     * Forgets every subject, schema and compatibility setting. Ids are not handed out again: a serde that cached
     * one before must find it unknown, not naming some other schema.
     */
    public synchronized void clear() {
        schemasById.clear();
        idsBySchema.clear();
        versionsBySubject.clear();
        levelsBySubject.clear();
        globalLevel = DEFAULT_COMPATIBILITY;
    }

    @Override
    public String toString() {
        return "InMemorySchemaRegistryClient[" + name + "]";
    }

    private List<RegisteredSchema> versionsOf(String subject) {
        return versionsBySubject.getOrDefault(subject, List.of());
    }

    private static RegisteredSchema find(List<RegisteredSchema> versions, Schema schema) {
        for (RegisteredSchema version : versions) {
            if (version.schema().equals(schema)) {
                return version;
            }
        }
        return null;
    }

    private static List<Schema> schemas(List<RegisteredSchema> versions) {
        return versions.stream().map(RegisteredSchema::schema).toList();
    }
}
