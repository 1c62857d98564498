package dev.agentwatch.localcluster.junit;

import java.util.Map;

/** The broker and schema registry a {@link WithLocalKafka} test talks to. */
public interface LocalKafka {

    /** {@code bootstrap.servers} of the broker, e.g. {@code localhost:40123}. */
    String bootstrapServers();

    /**
     * The registry's Confluent-compatible API, e.g. {@code http://127.0.0.1:PORT/apis/ccompat/v7}: a Confluent
     * client's {@code schema.registry.url}. Its compatibility is BACKWARD.
     */
    String schemaRegistryUrl();

    /** Creates the topic, or does nothing if it exists; returns once every partition has a leader. */
    void createTopic(String name, int partitions, Map<String, String> configs);

    /** {@code prefix} plus a random suffix, so tests sharing the broker and registry do not collide. */
    String uniqueName(String prefix);
}
