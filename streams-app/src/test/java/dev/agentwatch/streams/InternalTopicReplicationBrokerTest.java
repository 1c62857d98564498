package dev.agentwatch.streams;

import dev.agentwatch.config.TopicNames;
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
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With no replication factor configured, the app's topics and its changelogs take the broker's default: one replica
 * on the one-node test broker, and no min.insync.replicas of their own. (Three brokers: fault-tests.)
 */
@WithLocalKafka
class InternalTopicReplicationBrokerTest {

    @Test
    void productTopicsAndChangelogsFollowTheBrokersDefault(LocalKafka kafka) throws Exception {
        StreamsSettings settings = withBrokerDefaultReplication(
                TestSettings.of(kafka.bootstrapServers(), kafka.schemaRegistryUrl(), kafka.uniqueName("rf"), TestSettings.prices()));
        TopicReplication replication = StreamsAppMain.ensureTopics(settings);
        assertThat(replication.effective()).hasValue(1);

        Properties props = StreamsAppMain.streamsProperties(settings, replication);
        assertThat(props).containsEntry("replication.factor", -1).doesNotContainKey("topic.min.insync.replicas");
        props.put("state.dir", Files.createTempDirectory("aw-rf").toString());
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

    private static StreamsSettings withBrokerDefaultReplication(StreamsSettings s) {
        TopicNames t = s.topics();
        TopicNames topics = new TopicNames(t.metrics(), t.metricsDlq(), t.alerts(), t.alertsDlq(), t.rules(), t.silences(),
                t.partitions(), Optional.empty());
        return new StreamsSettings(s.kafka(), topics, s.applicationId(), s.stateDir(), s.httpPort(), s.numStandbyReplicas(),
                s.numStreamThreads(), s.slice(), s.grace(), s.maxEventAge(), s.maxFuture(), s.agentTtl(), s.idleAdvanceAfter(),
                s.prices());
    }
}
