package dev.agentwatch.topics;

import dev.agentwatch.localcluster.junit.LocalKafka;
import dev.agentwatch.localcluster.junit.WithLocalKafka;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * On the one-node test broker the broker's default is one replica: topics made by the contract get it and no
 * min.insync.replicas of their own. (Three brokers: fault-tests' BrokerKillFaultTest.)
 */
@WithLocalKafka
class TopicReplicationBrokerTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @Test
    void oneBrokerGivesOneReplicaAndNoMinInsyncOverride(LocalKafka kafka) throws Exception {
        String events = kafka.uniqueName("events");
        String settings = kafka.uniqueName("settings");
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            TopicReplication replication = TopicReplication.resolve(admin, Optional.empty(), TIMEOUT);
            assertThat(replication.effective()).hasValue(1);
            assertThat(replication.minInsyncReplicas()).isEmpty();

            List<TopicSpec> specs = List.of(TopicSpec.events(events, 3), TopicSpec.settings(settings));
            assertThat(TopicCreator.createMissing(admin, specs, replication, TIMEOUT)).containsExactlyInAnyOrder(events, settings);
            assertThat(TopicCreator.createMissing(admin, specs, replication, TIMEOUT)).as("existing topics are left alone").isEmpty();

            var described = admin.describeTopics(List.of(events, settings)).allTopicNames().get();
            assertThat(described.get(events).partitions()).hasSize(3)
                    .allSatisfy(p -> assertThat(p.replicas()).hasSize(1));
            assertThat(described.get(settings).partitions()).hasSize(1);
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, events);
            Config config = admin.describeConfigs(List.of(resource)).all().get().get(resource);
            assertThat(config.get("min.insync.replicas").source()).isNotEqualTo(ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG);
            ConfigResource compacted = new ConfigResource(ConfigResource.Type.TOPIC, settings);
            assertThat(admin.describeConfigs(List.of(compacted)).all().get().get(compacted).get("cleanup.policy").value())
                    .isEqualTo("compact");
        }
    }
}
