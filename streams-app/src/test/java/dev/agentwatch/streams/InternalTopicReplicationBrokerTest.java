package dev.agentwatch.streams;

import dev.agentwatch.config.AgentwatchConfig;
import dev.agentwatch.config.KafkaEndpoints;
import dev.agentwatch.config.YamlFiles;
import dev.agentwatch.ingest.IngestCounters;
import dev.agentwatch.localcluster.junit.LocalKafka;
import dev.agentwatch.localcluster.junit.WithLocalKafka;
import dev.agentwatch.topics.TopicReplication;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With no replication factor configured (config/agentwatch.yaml as shipped), the app's topics and its changelogs take
 * the broker's default: one replica on the one-node test broker, and no min.insync.replicas of their own. (Three
 * brokers: fault-tests' BrokerKillFaultTest.)
 */
@WithLocalKafka
class InternalTopicReplicationBrokerTest {

    @Test
    void productTopicsAndChangelogsFollowTheBrokersDefault(LocalKafka kafka) throws Exception {
        StreamsSettings settings = shippedConfiguration(kafka, kafka.uniqueName("rf"));
        assertThat(settings.topics().replicationFactor()).as("config/agentwatch.yaml leaves it to the broker").isEmpty();
        TopicReplication replication = StreamsAppMain.ensureTopics(settings);
        assertThat(replication.effective()).hasValue(1);

        Properties props = StreamsAppMain.streamsProperties(settings, new IngestCounters(), replication);
        assertThat(props).containsEntry("replication.factor", -1).doesNotContainKey("topic.min.insync.replicas");
        String changelog = settings.applicationId() + "-" + AgentwatchTopology.SLICES_STORE + "-changelog";
        try (KafkaStreams streams = new KafkaStreams(new TopologyFixture(settings, (b, c) -> { }).topology, props);
             Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            streams.start();
            long deadline = System.currentTimeMillis() + 90_000;
            while (streams.state() != KafkaStreams.State.RUNNING && System.currentTimeMillis() < deadline) {
                Thread.sleep(100);
            }
            assertThat(streams.state()).isEqualTo(KafkaStreams.State.RUNNING);
            for (String topic : List.of(settings.topics().metrics(), settings.topics().alerts(), settings.topics().rules(), changelog)) {
                TopicDescription d = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic);
                assertThat(d.partitions()).as(topic).allSatisfy(p -> assertThat(p.replicas()).hasSize(1));
                ConfigResource r = new ConfigResource(ConfigResource.Type.TOPIC, topic);
                assertThat(admin.describeConfigs(List.of(r)).all().get().get(r).get("min.insync.replicas").source())
                        .as(topic).isNotEqualTo(ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG);
            }
        }
    }

    /** config/agentwatch.yaml as shipped, with this test's topic names, application id and state directory. */
    @Test
    void aRulesTopicOfMoreThanOnePartitionIsAConfigurationError(LocalKafka kafka) throws Exception {
        StreamsSettings settings = shippedConfiguration(kafka, kafka.uniqueName("rules-partitions"));
        kafka.createTopic(settings.topics().rules(), 3, Map.of("cleanup.policy", "compact"));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> StreamsAppMain.ensureTopics(settings))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("the rules topic '" + settings.topics().rules() + "' has 3 partitions");
    }

    private static StreamsSettings shippedConfiguration(LocalKafka kafka, String prefix) throws Exception {
        String yaml = Files.readString(Path.of("..", "config", "agentwatch.yaml"))
                .replace("agentwatch.", prefix + ".")
                .replace("application_id: agentwatch-streams", "application_id: " + prefix + "-app")
                .replace("state_dir: .run/state", "state_dir: " + Files.createTempDirectory("aw-rf"));
        return StreamsSettings.from(AgentwatchConfig.of(YamlFiles.parse("agentwatch.yaml", yaml), Map.of(
                KafkaEndpoints.BOOTSTRAP_ENV, kafka.bootstrapServers(), KafkaEndpoints.REGISTRY_ENV, kafka.schemaRegistryUrl())));
    }
}
