package dev.agentwatch.localcluster;

import java.util.Map;

/**
 * Broker settings for a local cluster of {@code nodes} nodes. Fewer than three: {@link SingleNodeSettings}. Three or more:
 * what a production cluster sets, so the apps meet the rules they will meet there: internal topics and the broker's
 * default with three replicas, transactions needing two in sync. ({@code min.insync.replicas} stays Kafka's 1, so a
 * topic's own 2 shows that the app set it.)
 */
public final class ClusterSettings {

    static final int REPLICAS = 3;

    private ClusterSettings() {
    }

    public static Map<String, String> brokerSettings(int nodes) {
        if (nodes < 1) {
            throw new IllegalArgumentException("a cluster needs at least one node, not " + nodes);
        }
        Map<String, String> settings = SingleNodeSettings.brokerSettings();
        if (nodes < REPLICAS) {
            return settings;
        }
        String replicas = Integer.toString(REPLICAS);
        String minInsync = Integer.toString(REPLICAS - 1);
        settings.put("default.replication.factor", replicas);
        settings.put("offsets.topic.replication.factor", replicas);
        settings.put("transaction.state.log.replication.factor", replicas);
        settings.put("transaction.state.log.min.isr", minInsync);
        settings.put("share.coordinator.state.topic.replication.factor", replicas);
        settings.put("share.coordinator.state.topic.min.isr", minInsync);
        return settings;
    }
}
