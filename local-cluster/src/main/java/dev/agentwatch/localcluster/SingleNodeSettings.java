package dev.agentwatch.localcluster;

import java.util.LinkedHashMap;
import java.util.Map;

/** Broker settings that make a one-node cluster behave: used by the launched broker and the test broker alike. */
public final class SingleNodeSettings {

    private SingleNodeSettings() {
    }

    public static Map<String, String> brokerSettings() {
        Map<String, String> settings = new LinkedHashMap<>();
        // Internal topics default to 3 replicas; on one node consumers and transactions would then hang.
        settings.put("offsets.topic.replication.factor", "1");
        settings.put("transaction.state.log.replication.factor", "1");
        settings.put("transaction.state.log.min.isr", "1");
        settings.put("share.coordinator.state.topic.replication.factor", "1");
        settings.put("share.coordinator.state.topic.min.isr", "1");
        // 50 partitions each is sized for production; a few make the first group and transaction start faster.
        settings.put("offsets.topic.num.partitions", "5");
        settings.put("transaction.state.log.num.partitions", "5");
        // No reason to wait for more group members to arrive on a dev box or in a test.
        settings.put("group.initial.rebalance.delay.ms", "0");
        return settings;
    }
}
