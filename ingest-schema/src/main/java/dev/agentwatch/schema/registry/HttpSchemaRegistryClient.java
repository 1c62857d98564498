package dev.agentwatch.schema.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentwatch.schema.registry.RegistryTransport.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;

/**
 * {@link SchemaRegistryClient} over Confluent's REST API (java.net.http).
 *
 * <p>Ids and their schemas never change once assigned, so id → schema and (subject, schema) → id answers are
 * cached for the client's lifetime; the hot path of the serdes does no I/O after the first use of each.
 * A subject's latest version moves, so it is cached for {@link SchemaRegistryClientConfig#latestCacheTtl()}.
 * Failures are never cached.
 */
public final class HttpSchemaRegistryClient implements SchemaRegistryClient {

    private final RegistryTransport transport;
    private final long latestTtlNanos;
    private final Map<Integer, Schema> schemasById = new ConcurrentHashMap<>();
    private final Map<SubjectSchema, Integer> idsBySubjectSchema = new ConcurrentHashMap<>();
    private final Map<String, TimedLatest> latestBySubject = new ConcurrentHashMap<>();

    private record SubjectSchema(String subject, Schema schema) {}

    private record TimedLatest(RegisteredSchema latest, long fetchedAtNanos) {}

    public HttpSchemaRegistryClient(SchemaRegistryClientConfig config) {
        this.transport = new RegistryTransport(Objects.requireNonNull(config, "config"));
        this.latestTtlNanos = config.latestCacheTtl().isNegative() ? Long.MAX_VALUE : config.latestCacheTtl().toNanos();
    }

    @Override
    public int register(String subject, Schema schema) {
        SubjectSchema key = new SubjectSchema(Subjects.require(subject), Objects.requireNonNull(schema, "schema"));
        Integer cached = idsBySubjectSchema.get(key);
        if (cached != null) {
            return cached;
        }
        Response answer = transport.send("POST", "/subjects/" + Urls.pathSegment(subject) + "/versions",
                schemaBody(schema));
        if (answer.status() == 409) {
            // Two clients registering the same schema at once: a registry may answer the loser 409 ("already exists",
            // Apicurio does). If the schema is now there, that is its id; only otherwise is it incompatible.
            try {
                return idOf(subject, schema);
            } catch (SchemaNotRegisteredException notThere) {
                // truly refused
            }
            String reason = answer.registryMessage();
            throw new IncompatibleSchemaException("Schema registry at " + answer.url() + " refused schema "
                    + schema.getFullName() + " for subject '" + subject + "' as incompatible: " + reason,
                    subject, reason, answer.status(), answer.errorCode(), answer.shortBody());
        }
        if (!answer.ok()) {
            throw answer.failure("Registering schema " + schema.getFullName() + " under subject '" + subject + "'");
        }
        int id = intField(answer, answer.json(), "id");
        remember(key, id);
        latestBySubject.remove(subject); // a new version may have been added
        return id;
    }

    @Override
    public int idOf(String subject, Schema schema) {
        SubjectSchema key = new SubjectSchema(Subjects.require(subject), Objects.requireNonNull(schema, "schema"));
        Integer cached = idsBySubjectSchema.get(key);
        if (cached != null) {
            return cached;
        }
        Response answer = transport.send("POST", "/subjects/" + Urls.pathSegment(subject), schemaBody(schema));
        if (answer.status() == 404) {
            throw new SchemaNotRegisteredException("Schema " + schema.getFullName() + " is not registered under "
                    + "subject '" + subject + "' at " + answer.url() + answer.describeError(),
                    subject, answer.status(), answer.errorCode(), answer.shortBody());
        }
        if (!answer.ok()) {
            throw answer.failure("Looking up schema " + schema.getFullName() + " under subject '" + subject + "'");
        }
        int id = intField(answer, answer.json(), "id");
        remember(key, id);
        return id;
    }

    @Override
    public Schema schemaById(int id) {
        Schema cached = schemasById.get(id);
        if (cached != null) {
            return cached;
        }
        Response answer = transport.get("/schemas/ids/" + id);
        if (refusesTheId(answer.status())) {
            throw new UnknownSchemaIdException("Schema registry at " + answer.url() + " has no schema with id " + id
                    + " (HTTP " + answer.status() + ")" + answer.describeError(), id, answer.status(), answer.errorCode(),
                    answer.shortBody());
        }
        if (!answer.ok()) {
            throw answer.failure("Fetching schema id " + id);
        }
        Schema schema = parseSchemaOfId(answer, answer.json(), id);
        Schema raced = schemasById.putIfAbsent(id, schema);
        return raced != null ? raced : schema;
    }

    @Override
    public RegisteredSchema latest(String subject) {
        Subjects.require(subject);
        TimedLatest cached = latestBySubject.get(subject);
        if (cached != null && System.nanoTime() - cached.fetchedAtNanos() < latestTtlNanos) {
            return cached.latest();
        }
        Response answer = transport.get("/subjects/" + Urls.pathSegment(subject) + "/versions/latest");
        if (answer.status() == 404) {
            throw new SubjectNotFoundException("Subject '" + subject + "' has no registered version at "
                    + answer.url() + answer.describeError(), subject, answer.status(), answer.errorCode(),
                    answer.shortBody());
        }
        if (!answer.ok()) {
            throw answer.failure("Fetching the latest version of subject '" + subject + "'");
        }
        JsonNode json = answer.json();
        int id = intField(answer, json, "id");
        Schema schema = schemasById.computeIfAbsent(id, unused -> parseSchema(answer, json));
        RegisteredSchema latest = new RegisteredSchema(subject, id, intField(answer, json, "version"), schema);
        latestBySubject.put(subject, new TimedLatest(latest, System.nanoTime()));
        return latest;
    }

    @Override
    public CompatibilityResult testCompatibility(String subject, Schema schema) {
        Subjects.require(subject);
        Response answer = transport.send("POST",
                "/compatibility/subjects/" + Urls.pathSegment(subject) + "/versions/latest?verbose=true",
                schemaBody(Objects.requireNonNull(schema, "schema")));
        if (answer.status() == 404) {
            return new CompatibilityResult(true, List.of()); // nothing registered yet: anything goes
        }
        if (!answer.ok()) {
            throw answer.failure("Testing schema " + schema.getFullName() + " against subject '" + subject + "'");
        }
        JsonNode json = answer.json();
        JsonNode verdict = json.path("is_compatible");
        if (!verdict.isBoolean()) {
            throw new MalformedRegistryResponseException(
                    "Schema registry at " + answer.url() + " answered without is_compatible: " + answer.shortBody());
        }
        List<String> messages = new ArrayList<>();
        // Confluent answers "messages": [...]; Apicurio answers "reason": "...".
        json.path("messages").forEach(m -> messages.add(m.asText()));
        if (json.path("reason").isTextual()) {
            messages.add(json.path("reason").textValue());
        }
        return new CompatibilityResult(verdict.booleanValue(), messages);
    }

    @Override
    public CompatibilityLevel compatibility(String subject) {
        Subjects.require(subject);
        Response answer = transport.get("/config/" + Urls.pathSegment(subject) + "?defaultToGlobal=true");
        if (answer.status() == 404) {
            return globalCompatibility();
        }
        if (!answer.ok()) {
            throw answer.failure("Reading the compatibility of subject '" + subject + "'");
        }
        return compatibilityField(answer);
    }

    @Override
    public void setCompatibility(String subject, CompatibilityLevel level) {
        Subjects.require(subject);
        Response answer = transport.send("PUT", "/config/" + Urls.pathSegment(subject), levelBody(level));
        if (!answer.ok()) {
            throw answer.failure("Setting the compatibility of subject '" + subject + "' to " + level);
        }
    }

    @Override
    public CompatibilityLevel globalCompatibility() {
        Response answer = transport.get("/config");
        if (!answer.ok()) {
            throw answer.failure("Reading the global compatibility");
        }
        return compatibilityField(answer);
    }

    @Override
    public void setGlobalCompatibility(CompatibilityLevel level) {
        Response answer = transport.send("PUT", "/config", levelBody(level));
        if (!answer.ok()) {
            throw answer.failure("Setting the global compatibility to " + level);
        }
    }

    @Override
    public void close() {
        transport.close();
    }

    private void remember(SubjectSchema key, int id) {
        idsBySubjectSchema.put(key, id);
        // The registry stores what we sent, so the id's schema is known without asking.
        schemasById.putIfAbsent(id, key.schema());
    }

    private static ObjectNode schemaBody(Schema schema) {
        ObjectNode body = RegistryTransport.JSON.createObjectNode();
        body.put("schema", schema.toString());
        return body;
    }

    private static ObjectNode levelBody(CompatibilityLevel level) {
        ObjectNode body = RegistryTransport.JSON.createObjectNode();
        body.put("compatibility", Objects.requireNonNull(level, "level").name());
        return body;
    }

    /**
     * A 4xx answer to "schema of id N" is about the id (404, but also 400 or 422 for ids a registry will not take),
     * except those about us: credentials (401, 403, 407), which are the caller's configuration and may be fixed.
     * (408 and 429 never get here: the transport throws them as unavailable.)
     */
    private static boolean refusesTheId(int status) {
        return status >= 400 && status < 500 && status != 401 && status != 403 && status != 407;
    }

    /** As {@link #parseSchema}, but a schema Avro cannot use is the id's fault, not the registry's. */
    private static Schema parseSchemaOfId(Response answer, JsonNode json, int id) {
        JsonNode text = json.path("schema");
        String type = json.path("schemaType").asText("AVRO");
        if (text.isTextual() && !"AVRO".equals(type)) {
            throw new UnreadableSchemaException("Schema registry at " + answer.url() + " holds a " + type
                    + " schema under id " + id + ", not an Avro one", id);
        }
        try {
            return parseSchema(answer, json);
        } catch (MalformedRegistryResponseException e) {
            if (text.isTextual()) {
                throw new UnreadableSchemaException(e.getMessage(), id, e);
            }
            throw e;
        }
    }

    private static Schema parseSchema(Response answer, JsonNode json) {
        JsonNode text = json.path("schema");
        if (!text.isTextual()) {
            throw new MalformedRegistryResponseException(
                    "Schema registry at " + answer.url() + " answered without a schema: " + answer.shortBody());
        }
        String type = json.path("schemaType").asText("AVRO");
        if (!"AVRO".equals(type)) {
            throw new MalformedRegistryResponseException("Schema registry at " + answer.url() + " holds a " + type
                    + " schema there, not an Avro one");
        }
        try {
            return new Schema.Parser().parse(text.textValue());
        } catch (RuntimeException | StackOverflowError e) {
            // SchemaParseException mostly; Avro's parser throws others on odd input, and recurses per nesting level.
            throw new MalformedRegistryResponseException("Schema registry at " + answer.url()
                    + " answered with a schema Avro cannot parse (schema references are not supported): " + e, e);
        }
    }

    private static int intField(Response answer, JsonNode json, String field) {
        JsonNode value = json.path(field);
        if (!value.canConvertToInt()) {
            throw new MalformedRegistryResponseException("Schema registry at " + answer.url() + " answered without "
                    + "an integer '" + field + "': " + answer.shortBody());
        }
        return value.intValue();
    }

    private static CompatibilityLevel compatibilityField(Response answer) {
        JsonNode json = answer.json();
        // GET answers "compatibilityLevel"; some registries answer "compatibility" as PUT does.
        String text = json.path("compatibilityLevel").asText(json.path("compatibility").asText(""));
        try {
            return CompatibilityLevel.valueOf(text);
        } catch (IllegalArgumentException e) {
            throw new MalformedRegistryResponseException("Schema registry at " + answer.url()
                    + " answered an unknown compatibility level: " + answer.shortBody(), e);
        }
    }
}
