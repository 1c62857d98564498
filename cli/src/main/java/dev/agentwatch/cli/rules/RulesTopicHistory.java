package dev.agentwatch.cli.rules;

import dev.agentwatch.rules.RuleCompileOptions;
import dev.agentwatch.rules.RuleFileException;
import dev.agentwatch.rules.RulesTopicCodec;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;

/**
 * The rules topic's history as {@code rules apply} bounds it: after publishing, it reads the topic's one partition
 * and tombstones every rules key whose latest record is older than the newest
 * {@value RulesTopicCodec#KEPT_VERSIONS} records that compile. So the topic and every instance's store keep that many
 * versions to fall back on, whatever was written: a record that does not compile (another producer's, say) is never
 * one of those kept, a key already tombstoned (by an operator, say) counts for nothing, and a key that is no rules
 * key is left alone (instances refuse it; a tombstone of it would be refused too).
 */
final class RulesTopicHistory {

    /** The latest record of a key on the topic: its offset and value (null: a tombstone). */
    record Latest(long offset, String value) {
    }

    private RulesTopicHistory() {
    }

    /** The latest record of each key of {@code partition}, from its beginning to its end as of now. */
    static Map<String, Latest> read(Consumer<String, String> consumer, TopicPartition partition, Duration timeout)
            throws TimeoutException {
        long deadline = System.nanoTime() + timeout.toNanos();
        consumer.assign(List.of(partition));
        consumer.seekToBeginning(List.of(partition));
        long end = consumer.endOffsets(List.of(partition), timeout).get(partition);
        Map<String, Latest> latest = new HashMap<>();
        while (consumer.position(partition, timeout) < end) {
            if (System.nanoTime() > deadline) {
                throw new TimeoutException("read " + partition + " up to offset " + consumer.position(partition)
                        + " of " + end + " within " + timeout);
            }
            for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                if (r.key() != null) {
                    latest.put(r.key(), new Latest(r.offset(), r.value()));
                }
            }
        }
        return latest;
    }

    /**
     * @param latest the latest record of each key, as {@link #read} returns it
     * @return the rules keys to tombstone, oldest first: those whose latest record is a value older than the
     *     newest {@code keep} values that compile with {@code options}; none if fewer than {@code keep} compile
     */
    static List<String> superseded(Map<String, Latest> latest, String topic, RuleCompileOptions options, int keep) {
        List<Map.Entry<String, Latest>> live = new ArrayList<>();
        latest.forEach((key, record) -> {
            if (record.value() != null && RulesTopicCodec.isKey(key)) {
                live.add(Map.entry(key, record));
            }
        });
        live.sort(Comparator.comparingLong((Map.Entry<String, Latest> e) -> e.getValue().offset()).reversed());
        int compiled = 0;
        for (int i = 0; i < live.size(); i++) {
            if (compiles(topic, live.get(i), options) && ++compiled == keep) {
                List<String> older = new ArrayList<>();
                for (int j = live.size() - 1; j > i; j--) {
                    older.add(live.get(j).getKey());
                }
                return older;
            }
        }
        return List.of();
    }

    private static boolean compiles(String topic, Map.Entry<String, Latest> e, RuleCompileOptions options) {
        try {
            RulesTopicCodec.decode(topic, e.getKey(), e.getValue().value(), options);
            return true;
        } catch (RuleFileException refused) {
            return false;
        }
    }
}
