package dev.agentwatch.topics;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Follows the rules topic from its start, without a consumer group, and hands on what the newest rules record
 * that compiles says, as the streams app decides which rules are in effect: per key the latest record, the
 * newest by offset among those, a record that does not compile (or a tombstone) never counting. Used by the
 * producers (gateway, Java SDK) for the {@code sampling:} policy; {@code compile} extracts what they need.
 *
 * @param <T> what a rule file compiles to for this reader
 */
public final class RulesTopicFollower<T> implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RulesTopicFollower.class);

    private final KafkaConsumer<String, String> consumer;
    private final TopicPartition partition;
    private final Function<String, T> compile;
    private final Consumer<T> onChange;
    private final Thread thread;
    private final CountDownLatch caughtUp = new CountDownLatch(1);
    private final Map<String, Compiled<T>> byKey = new HashMap<>();
    private volatile boolean closed;
    private T current;

    private record Compiled<T>(long offset, T value) {
    }

    /**
     * @param clientProps Kafka client properties (bootstrap servers and any security settings); the group and
     *                    deserializers are set here
     * @param compile     the rule file's text to what this reader keeps; throws for a text it cannot use
     * @param onChange    called on the follower's thread with the value of the newest record that compiles,
     *                    each time that changes
     */
    public RulesTopicFollower(Map<String, Object> clientProps, String topic, Function<String, T> compile,
                              Consumer<T> onChange) {
        Map<String, Object> props = new HashMap<>(clientProps);
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        this.consumer = new KafkaConsumer<>(props);
        this.partition = new TopicPartition(topic, 0);
        this.compile = compile;
        this.onChange = onChange;
        this.thread = new Thread(this::run, "rules-follower");
        this.thread.setDaemon(true);
    }

    public RulesTopicFollower<T> start() {
        thread.start();
        return this;
    }

    /** Waits until the follower has read the topic up to its end as it was at the start. */
    public boolean awaitCaughtUp(Duration timeout) throws InterruptedException {
        return caughtUp.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void run() {
        try {
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            Long end = null;
            while (!closed) {
                try {
                    if (end == null) {
                        end = consumer.endOffsets(List.of(partition), Duration.ofSeconds(5)).get(partition);
                    }
                    boolean changed = false;
                    for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                        changed |= take(r);
                    }
                    if (changed) {
                        publishNewest();
                    }
                    if (end != null && caughtUp.getCount() > 0 && consumer.position(partition) >= end) {
                        caughtUp.countDown();
                    }
                } catch (WakeupException e) {
                    throw e;
                } catch (RuntimeException e) {
                    // a broker away, a topic not yet created: keep the last policy and try again
                    LOG.warn("rules topic {}: {}; keeping the rules last read", partition.topic(), e.toString());
                    end = null;
                    sleepQuietly();
                }
            }
        } catch (WakeupException e) {
            // closed
        } finally {
            consumer.close(Duration.ofSeconds(2));
        }
    }

    private boolean take(ConsumerRecord<String, String> r) {
        if (!RulesRecords.isKey(r.key())) {
            return false;
        }
        if (r.value() == null) {
            return byKey.remove(r.key()) != null;
        }
        T value;
        try {
            value = RulesRecords.text(r.value()).map(compile).orElse(null);
        } catch (RuntimeException | StackOverflowError e) {
            value = null;
        }
        if (value == null) {
            // the streams app refuses this record too: the key's earlier record stays as it was
            LOG.warn("rules topic {} offset {}: record not usable here; the rules in effect stay", partition.topic(),
                    r.offset());
            return false;
        }
        byKey.put(r.key(), new Compiled<>(r.offset(), value));
        return true;
    }

    private void publishNewest() {
        Compiled<T> newest = null;
        for (Compiled<T> c : byKey.values()) {
            if (newest == null || c.offset() > newest.offset()) {
                newest = c;
            }
        }
        T next = newest == null ? null : newest.value();
        if (next != null && !Objects.equals(next, current)) {
            current = next;
            onChange.accept(next);
        }
    }

    private void sleepQuietly() {
        try {
            Thread.sleep(1_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closed = true;
        }
    }

    @Override
    public void close() throws InterruptedException {
        closed = true;
        consumer.wakeup();
        thread.join(5_000);
    }
}
