package dev.agentwatch.topics;

import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** The shape of one topic an app creates when it is missing: partitions and whether it is compacted. */
public record TopicSpec(String name, int partitions, boolean compacted) {

    /** A topic of events, keyed and spread over {@code partitions}. */
    public static TopicSpec events(String name, int partitions) {
        return new TopicSpec(name, partitions, false);
    }

    /** A compacted log of settings that readers take whole (rules, silences): one partition. */
    public static TopicSpec settings(String name) {
        return new TopicSpec(name, 1, true);
    }

    /** The creation request, with the replication's factor (empty: the broker's default) and topic configs. */
    public NewTopic toNewTopic(TopicReplication replication) {
        Map<String, String> configs = new HashMap<>(replication.topicConfigs());
        if (compacted) {
            configs.put(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT);
        }
        return new NewTopic(name, Optional.of(partitions), replication.configured()).configs(configs);
    }
}
