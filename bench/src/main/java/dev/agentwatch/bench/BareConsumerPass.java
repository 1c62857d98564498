package dev.agentwatch.bench;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The ceiling the streams app is compared with: one plain consumer reading the whole topic as bytes, nothing
 * decoded. Client defaults except read_committed, which the exactly-once streams consumer uses too.
 */
final class BareConsumerPass {

    /** Records and key + value bytes read, and the wall time from the first poll to the last record. */
    record Result(long records, long bytes, double seconds) {
        double eventsPerSecond() {
            return records / seconds;
        }
    }

    private BareConsumerPass() {
    }

    static Result readAll(String bootstrap, String topic, long deadlineNanos) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.CLIENT_ID_CONFIG, "bench-bare-consumer");
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long expected = consumer.endOffsets(partitions).values().stream().mapToLong(Long::longValue).sum();
            long records = 0;
            long bytes = 0;
            long t0 = System.nanoTime();
            long last = t0;
            while (records < expected) {
                if (System.nanoTime() > deadlineNanos) {
                    throw new BenchTimeoutException("bare consumer: read " + records + " of " + expected + " before the deadline");
                }
                ConsumerRecords<byte[], byte[]> batch = consumer.poll(Duration.ofMillis(500));
                for (ConsumerRecord<byte[], byte[]> r : batch) {
                    bytes += (r.key() == null ? 0 : r.key().length) + (r.value() == null ? 0 : r.value().length);
                }
                if (!batch.isEmpty()) {
                    records += batch.count();
                    last = System.nanoTime();
                }
            }
            return new Result(records, bytes, (last - t0) / 1e9);
        }
    }
}
