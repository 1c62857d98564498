package dev.agentwatch.cli.client;

import dev.agentwatch.config.AgentwatchConfig;
import dev.agentwatch.config.KafkaEndpoints;
import dev.agentwatch.config.TopicNames;
import dev.agentwatch.schema.AvroSerdeConfig;

import java.util.Map;

/** What every command needs from {@code config/agentwatch.yaml} (or {@code AGENTWATCH_CONFIG}) and the environment. */
public record ClientConfig(KafkaEndpoints kafka, TopicNames topics) {

    public static ClientConfig load() {
        AgentwatchConfig config = AgentwatchConfig.load();
        return new ClientConfig(config.kafka(), config.topics());
    }

    public Map<String, Object> serdeConfig() {
        return Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, kafka.schemaRegistryUrl());
    }
}
