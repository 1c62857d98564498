package dev.agentwatch.schema.registry;

import static dev.agentwatch.schema.AvroSerdeConfig.SCHEMA_REGISTRY_URL;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.common.config.ConfigException;

/**
 * The one place a registry client is chosen, from {@code schema.registry.url}. A {@code mock://<scope>} URL
 * (Confluent's convention) names an in-memory registry shared by everything in the JVM configured with that scope:
 * topology tests need no registry process, and their producer and the app under test still agree on ids. Any other
 * URL is a real registry, over HTTP.
 */
public final class SchemaRegistryClients {

    public static final String MOCK_SCHEME = "mock://";
    private static final String MOCK_SCHEME_NAME = "mock:";

    private static final Map<String, InMemorySchemaRegistryClient> SCOPES = new ConcurrentHashMap<>();

    private SchemaRegistryClients() {}

    /** A client for Kafka-style configs (the keys of {@link dev.agentwatch.schema.AvroSerdeConfig}). */
    public static SchemaRegistryClient fromConfigs(Map<String, ?> configs) {
        String scope = mockScopeOf(configs.get(SCHEMA_REGISTRY_URL));
        return scope != null ? mockScope(scope)
                : new HttpSchemaRegistryClient(SchemaRegistryClientConfig.fromConfigs(configs));
    }

    /** The in-memory registry of a scope, created on first use; every caller naming the scope gets the same one. */
    public static InMemorySchemaRegistryClient mockScope(String scope) {
        if (scope == null || scope.isBlank()) {
            throw new IllegalArgumentException("a mock registry scope must be a non-blank name");
        }
        return SCOPES.computeIfAbsent(scope, s -> new InMemorySchemaRegistryClient(MOCK_SCHEME + s));
    }

    /** Empties a scope's registry, so the next test starts from nothing; clients already handed out stay usable. */
    public static void clearMockScope(String scope) {
        InMemorySchemaRegistryClient registry = SCOPES.get(scope);
        if (registry != null) {
            registry.clear();
        }
    }

    /** The scope a {@code mock://} URL names, or null when the URLs are real ones. */
    private static String mockScopeOf(Object urls) {
        List<String> texts = SchemaRegistryClientConfig.urlTexts(urls);
        List<String> mocks = texts.stream().filter(SchemaRegistryClients::isMock).toList();
        if (mocks.isEmpty()) {
            return null;
        }
        if (texts.size() > 1) {
            // Fail-over between registries means nothing when one of them lives in this JVM only.
            throw new ConfigException(SCHEMA_REGISTRY_URL + " may hold one " + MOCK_SCHEME + "scope URL alone, got "
                    + texts.size() + " URLs");
        }
        String url = mocks.get(0);
        String rest = url.substring(MOCK_SCHEME_NAME.length());
        String scope = rest.startsWith("//") ? rest.substring(2) : "";
        if (scope.isBlank()) {
            throw new ConfigException(SCHEMA_REGISTRY_URL + " names no scope: expected " + MOCK_SCHEME + "<scope>, got "
                    + url);
        }
        return scope;
    }

    /** By the scheme alone: the trailing slashes of "mock://" were trimmed with every URL's. */
    private static boolean isMock(String url) {
        return url.toLowerCase(Locale.ROOT).startsWith(MOCK_SCHEME_NAME);
    }
}
