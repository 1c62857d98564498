package dev.agentwatch.config;

import java.util.List;
import java.util.Map;

/** Where Kafka and the schema registry are. Environment variables override the file. */
public record KafkaEndpoints(String bootstrapServers, String schemaRegistryUrl) {

    public static final String BOOTSTRAP_ENV = "AGENTWATCH_BOOTSTRAP_SERVERS";
    public static final String REGISTRY_ENV = "AGENTWATCH_SCHEMA_REGISTRY_URL";

    static KafkaEndpoints from(ConfigNode kafka, Map<String, String> env) {
        kafka.allowOnly(List.of("bootstrap_servers", "schema_registry_url"));
        String bootstrap = override(env, BOOTSTRAP_ENV, kafka.require("bootstrap_servers").text());
        String registry = override(env, REGISTRY_ENV, kafka.require("schema_registry_url").text());
        return new KafkaEndpoints(bootstrap, registry);
    }

    private static String override(Map<String, String> env, String name, String fromFile) {
        String v = env.get(name);
        return v == null || v.isBlank() ? fromFile : v.trim();
    }
}
