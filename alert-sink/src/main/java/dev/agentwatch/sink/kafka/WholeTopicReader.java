package dev.agentwatch.sink.kafka;

import dev.agentwatch.sink.secrets.Redactor;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Reads every partition of a topic from the beginning, without a consumer group, and keeps following it on its
 * own thread: for state every instance needs whole (silences; other partitions' alerts for inhibition).
 * {@link #awaitCaughtUp} returns once everything that was on the topic at start has been handed over.
 */
public final class WholeTopicReader implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(WholeTopicReader.class);

    private final String topic;
    private final KafkaConsumer<String, byte[]> consumer;
    private final Consumer<ConsumerRecord<String, byte[]>> sink;
    private final CountDownLatch caughtUp = new CountDownLatch(1);
    private final Thread thread;
    private volatile boolean running = true;

    public WholeTopicReader(String bootstrapServers, String topic, Consumer<ConsumerRecord<String, byte[]>> sink) {
        this.topic = topic;
        this.sink = sink;
        this.consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.CLIENT_ID_CONFIG, "agentwatch-sink-reader-" + topic),
                new StringDeserializer(), new ByteArrayDeserializer());
        this.thread = new Thread(this::run, "read-" + topic);
        this.thread.setDaemon(true);
    }

    public WholeTopicReader start() {
        thread.start();
        return this;
    }

    public boolean awaitCaughtUp(Duration timeout) throws InterruptedException {
        return caughtUp.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void run() {
        try {
            List<TopicPartition> parts = partitions();
            consumer.assign(parts);
            consumer.seekToBeginning(parts);
            Map<TopicPartition, Long> ends = consumer.endOffsets(parts);
            while (running) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    try {
                        sink.accept(r);
                    } catch (RuntimeException | StackOverflowError e) {
                        // A record the handler cannot take is skipped; the thread that follows the topic goes on.
                        log.warn("{} offset {}-{}: record skipped: {}", topic, r.partition(), r.offset(), Redactor.describe(e));
                    }
                }
                if (caughtUp.getCount() > 0 && parts.stream().allMatch(p -> consumer.position(p) >= ends.get(p))) {
                    caughtUp.countDown();
                }
            }
        } catch (WakeupException stopping) {
            // close() was called
        } catch (RuntimeException e) {
            log.error("reading {} stopped: {}", topic, e.toString());
        } finally {
            consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
        }
    }

    private List<TopicPartition> partitions() {
        while (running) {
            List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(10));
            if (infos != null && !infos.isEmpty()) {
                return infos.stream().map(i -> new TopicPartition(topic, i.partition())).toList();
            }
            log.info("waiting for topic {} to exist", topic);
            try {
                Thread.sleep(1_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new WakeupException();
            }
        }
        throw new WakeupException();
    }

    @Override
    public void close() {
        running = false;
        if (!thread.isAlive()) {
            if (thread.getState() == Thread.State.NEW) {
                consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
            }
            return;
        }
        consumer.wakeup();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
