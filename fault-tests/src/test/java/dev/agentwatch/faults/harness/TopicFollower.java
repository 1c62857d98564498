package dev.agentwatch.faults.harness;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads a whole topic from the beginning, read_committed, on its own thread, handing each record to {@code sink}:
 * only what a transaction committed counts, as downstream consumers see it. No consumer group.
 */
final class TopicFollower<V> implements AutoCloseable {

    private final KafkaConsumer<byte[], V> consumer;
    private final Thread thread;
    private volatile boolean closing;
    private volatile RuntimeException failure;

    TopicFollower(String bootstrap, String topic, Deserializer<V> values, Consumer<ConsumerRecord<byte[], V>> sink) {
        consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 4 * 1024 * 1024),
                new ByteArrayDeserializer(), values);
        List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(60)).stream()
                .map(p -> new TopicPartition(topic, p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        thread = new Thread(() -> {
            try {
                while (!closing) {
                    consumer.poll(Duration.ofMillis(200)).forEach(sink);
                }
            } catch (WakeupException closed) {
                // close() woke us
            } catch (RuntimeException e) {
                failure = e;
            } finally {
                consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
            }
        }, "follow-" + topic);
        thread.setDaemon(true);
        thread.start();
    }

    /** Throws what stopped the reader, if anything did. */
    void check() {
        if (failure != null) {
            throw new IllegalStateException("reader stopped: " + failure, failure);
        }
    }

    @Override
    public void close() {
        closing = true;
        consumer.wakeup();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
