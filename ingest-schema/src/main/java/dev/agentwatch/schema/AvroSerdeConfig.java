package dev.agentwatch.schema;

/**
 * Every configuration key read by the schema-registry client and the Avro serdes, in one place.
 *
 * <p>The names are Confluent's, so a deployment can swap {@code dev.agentwatch.schema.serde.AvroSerde} for
 * Confluent's {@code KafkaAvroSerde} (or back) without touching its configuration. Where our default differs
 * from Confluent's, the constant's doc says so.
 */
public final class AvroSerdeConfig {

    /**
     * Comma-separated base URLs of Confluent-compatible registries; tried in order while one is unreachable. Or
     * one {@code mock://<scope>}: an in-memory registry per scope, for tests
     * ({@link dev.agentwatch.schema.registry.SchemaRegistryClients}).
     */
    public static final String SCHEMA_REGISTRY_URL = "schema.registry.url";

    /** Serializer: register the record's schema under the subject if needed. Default {@code true}. */
    public static final String AUTO_REGISTER_SCHEMAS = "auto.register.schemas";
    public static final boolean AUTO_REGISTER_SCHEMAS_DEFAULT = true;

    /**
     * Serializer, when {@link #AUTO_REGISTER_SCHEMAS} is false: write with the subject's latest schema instead of
     * looking up the record's own schema. A record whose schema differs from the latest one is converted to it
     * (the latest must be able to read the record's schema). Default {@code false}.
     */
    public static final String USE_LATEST_VERSION = "use.latest.version";
    public static final boolean USE_LATEST_VERSION_DEFAULT = false;

    /**
     * Deserializer: return generated specific classes. Only {@code true} is supported; these serdes never return
     * {@code GenericRecord}, so setting {@code false} is refused at configure time. Default {@code true}
     * (Confluent's default is {@code false}).
     */
    public static final String SPECIFIC_AVRO_READER = "specific.avro.reader";
    public static final boolean SPECIFIC_AVRO_READER_DEFAULT = true;

    /**
     * Deserializer: fully qualified name of the generated class to read keys / values as. When absent, the class
     * named by each writer schema's full name is used.
     */
    public static final String SPECIFIC_AVRO_KEY_TYPE = "specific.avro.key.type";
    public static final String SPECIFIC_AVRO_VALUE_TYPE = "specific.avro.value.type";

    /** Where basic-auth credentials come from: {@code URL} (userinfo in the URL) or {@code USER_INFO}. */
    public static final String BASIC_AUTH_CREDENTIALS_SOURCE = "basic.auth.credentials.source";

    /** Basic-auth credentials as {@code user:password}, used with source {@code USER_INFO}. */
    public static final String BASIC_AUTH_USER_INFO = "basic.auth.user.info";

    /** Connect timeout per registry call, ms. Default 5000 (Confluent: 60000). */
    public static final String HTTP_CONNECT_TIMEOUT_MS = "http.connect.timeout.ms";
    public static final int HTTP_CONNECT_TIMEOUT_MS_DEFAULT = 5_000;

    /** Whole-response timeout per registry call, ms. Default 10000 (Confluent: 60000). */
    public static final String HTTP_READ_TIMEOUT_MS = "http.read.timeout.ms";
    public static final int HTTP_READ_TIMEOUT_MS_DEFAULT = 10_000;

    /** How long a subject's latest version is cached, seconds. Default 30 (Confluent: -1, forever). */
    public static final String LATEST_CACHE_TTL_SEC = "latest.cache.ttl.sec";
    public static final int LATEST_CACHE_TTL_SEC_DEFAULT = 30;

    private AvroSerdeConfig() {}
}
