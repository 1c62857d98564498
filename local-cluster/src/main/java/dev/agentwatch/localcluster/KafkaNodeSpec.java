package dev.agentwatch.localcluster;

import java.util.Map;

/**
 * One KRaft node (combined broker and controller) of a local cluster: its name (for its log, pid file and data
 * directory), node id, client and controller ports, the cluster's static voter set, and its broker settings.
 */
public record KafkaNodeSpec(String name, int nodeId, int port, int controllerPort, String voters,
                            Map<String, String> settings) {

    /** The one node of {@code make run}: named {@value KafkaBroker#NAME}, id 1, voting alone. */
    public static KafkaNodeSpec singleNode(LocalClusterConfig config) {
        return new KafkaNodeSpec(KafkaBroker.NAME, 1, config.kafkaPort(), config.controllerPort(),
                "1@127.0.0.1:" + config.controllerPort(), SingleNodeSettings.brokerSettings());
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }
}
