package dev.agentwatch.topics;

import dev.agentwatch.config.AgentwatchConfig;
import dev.agentwatch.config.ConfigException;
import dev.agentwatch.config.TopicNames;
import dev.agentwatch.config.YamlFiles;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** SPEC 7's replication rule, the topic contract both apps create by, and the optional factor in configuration. */
class TopicReplicationTest {

    @Test
    void aSecondInSyncReplicaIsRequiredFromThreeReplicasOn() {
        assertThat(known(1).minInsyncReplicas()).isEmpty();
        assertThat(known(2).minInsyncReplicas()).isEmpty();
        assertThat(known(3).minInsyncReplicas()).hasValue(2);
        assertThat(known(5).topicConfigs()).containsExactly(Map.entry("min.insync.replicas", "2"));
        assertThat(new TopicReplication(Optional.empty(), OptionalInt.empty()).topicConfigs()).isEmpty();
    }

    @Test
    void anUnconfiguredFactorLeavesTheChoiceToTheBroker() {
        NewTopic topic = TopicSpec.events("t", 6).toNewTopic(new TopicReplication(Optional.empty(), OptionalInt.of(3)));
        assertThat(topic.replicationFactor()).isEqualTo((short) -1); // NewTopic's word for the broker's default
        assertThat(topic.numPartitions()).isEqualTo(6);
        assertThat(topic.configs()).containsExactly(Map.entry("min.insync.replicas", "2"));

        NewTopic configured = TopicSpec.settings("s").toNewTopic(TopicReplication.configuredOnly(Optional.of((short) 1)));
        assertThat(configured.replicationFactor()).isEqualTo((short) 1);
        assertThat(configured.numPartitions()).isEqualTo(1);
        assertThat(configured.configs()).containsExactly(Map.entry("cleanup.policy", "compact"));
    }

    @Test
    void everyAppMakesTheSameProductTopics() {
        TopicNames names = topics("partitions: 4");
        assertThat(ProductTopics.all(names)).containsExactly(
                new TopicSpec("m", 4, false), new TopicSpec("m.dlq", 4, false), new TopicSpec("a", 4, false),
                new TopicSpec("a.dlq", 4, false), new TopicSpec("r", 1, true), new TopicSpec("s", 1, true));
        assertThat(ProductTopics.named(names, "a", "s")).containsExactly(new TopicSpec("a", 4, false), new TopicSpec("s", 1, true));
        assertThatThrownBy(() -> ProductTopics.named(names, "other")).hasMessageContaining("other");
    }

    @Test
    void theReplicationFactorIsOptionalInConfiguration() {
        assertThat(topics("partitions: 2").replicationFactor()).isEmpty();
        assertThat(topics("replication_factor: 3").replicationFactor()).contains((short) 3);
        assertThatThrownBy(() -> topics("replication_factor: 0")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("broker's default.replication.factor");
    }

    private static TopicReplication known(int factor) {
        return new TopicReplication(Optional.empty(), OptionalInt.of(factor));
    }

    private static TopicNames topics(String extra) {
        String yaml = """
                kafka: {bootstrap_servers: "127.0.0.1:1", schema_registry_url: "http://127.0.0.1:2"}
                topics:
                  metrics: m
                  metrics_dlq: m.dlq
                  alerts: a
                  alerts_dlq: a.dlq
                  rules: r
                  silences: s
                  %s
                """.formatted(extra);
        return AgentwatchConfig.of(YamlFiles.parse("agentwatch.yaml", yaml), Map.of()).topics();
    }
}
