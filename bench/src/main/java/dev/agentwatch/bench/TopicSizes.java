package dev.agentwatch.bench;

import dev.agentwatch.config.TopicNames;
import dev.agentwatch.topics.ProductTopics;
import dev.agentwatch.topics.TopicCreator;
import dev.agentwatch.topics.TopicReplication;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.LogDirDescription;
import org.apache.kafka.clients.admin.ReplicaInfo;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

/** Topic admin for the benchmark: create the product topics, bytes on the broker's disk per topic, records in a topic. */
final class TopicSizes implements AutoCloseable {

    private final String bootstrap;
    private final Admin admin;

    TopicSizes(String bootstrap) {
        this.bootstrap = bootstrap;
        this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
    }

    /** Creates the named product topics with the shapes the apps give them ({@link ProductTopics}), on the one broker. */
    void create(TopicNames names, String... topics) {
        TopicCreator.createMissing(admin, ProductTopics.named(names, topics),
                TopicReplication.configuredOnly(Optional.of((short) 1)), Duration.ofSeconds(60));
    }

    /** Bytes of the log segments of every partition of the topics {@code which} accepts. */
    long logBytes(Predicate<String> which) {
        Node node = await(admin.describeCluster().nodes()).iterator().next();
        Map<String, LogDirDescription> dirs = await(admin.describeLogDirs(List.of(node.id())).allDescriptions()).get(node.id());
        long sum = 0;
        for (LogDirDescription d : dirs.values()) {
            for (Map.Entry<TopicPartition, ReplicaInfo> e : d.replicaInfos().entrySet()) {
                if (which.test(e.getKey().topic())) {
                    sum += e.getValue().size();
                }
            }
        }
        return sum;
    }

    /** End offsets summed over partitions: anything ever written, committed or not. */
    long endOffsetSum(String topic) {
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted"), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> parts = c.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            return c.endOffsets(parts).values().stream().mapToLong(Long::longValue).sum();
        }
    }

    private static <T> T await(org.apache.kafka.common.KafkaFuture<T> f) {
        try {
            return f.get(60, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException("admin call failed: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("admin call took over 60 s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(10));
    }
}
