package dev.agentwatch.faults.harness;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import dev.agentwatch.topics.DeadLetterHeaders;

/**
 * Every committed record of the metrics DLQ, indexed by where it came from (the source partition and offset headers),
 * with its reason and detail: so a test can tell that each record it sent is there exactly once.
 */
public final class DeadLetterLog implements AutoCloseable {

    /** One dead letter as read. */
    public record Letter(String reason, String detail, int sourcePartition, long sourceOffset, int valueBytes, Instant readAt) {
    }

    /** Source partition and offset of a dead letter. */
    public record Source(int partition, long offset) {
    }

    private final Map<Source, Letter> bySource = new ConcurrentHashMap<>();
    private final Map<Source, LongAdder> copies = new ConcurrentHashMap<>();
    private final LongAdder total = new LongAdder();
    private final LongAdder withoutSource = new LongAdder();
    private final TopicFollower<byte[]> follower;

    DeadLetterLog(String bootstrap, String topic) {
        follower = new TopicFollower<>(bootstrap, topic, new ByteArrayDeserializer(), this::add);
    }

    private void add(ConsumerRecord<byte[], byte[]> r) {
        total.increment();
        String partition = header(r, DeadLetterHeaders.SOURCE_PARTITION);
        String offset = header(r, DeadLetterHeaders.SOURCE_OFFSET);
        if (partition == null || offset == null) {
            withoutSource.increment();
            return;
        }
        Source source = new Source(Integer.parseInt(partition), Long.parseLong(offset));
        bySource.putIfAbsent(source, new Letter(header(r, DeadLetterHeaders.REASON), header(r, DeadLetterHeaders.DETAIL),
                source.partition(), source.offset(), r.value() == null ? 0 : r.value().length, Instant.now()));
        copies.computeIfAbsent(source, s -> new LongAdder()).increment();
    }

    private static String header(ConsumerRecord<byte[], byte[]> r, String name) {
        Header h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    /** Dead letters read, every copy counted. */
    public long total() {
        follower.check();
        return total.sum();
    }

    /** Dead letters without source headers (should be none). */
    public long withoutSource() {
        return withoutSource.sum();
    }

    public Optional<Letter> of(int partition, long offset) {
        return Optional.ofNullable(bySource.get(new Source(partition, offset)));
    }

    /** How many times the record from {@code partition}/{@code offset} was dead-lettered. */
    public long copiesOf(int partition, long offset) {
        LongAdder n = copies.get(new Source(partition, offset));
        return n == null ? 0 : n.sum();
    }

    /** Sources dead-lettered more than once. */
    public long duplicated() {
        return copies.values().stream().filter(n -> n.sum() > 1).count();
    }

    public List<Letter> letters() {
        return List.copyOf(bySource.values());
    }

    public Map<String, Long> byReason() {
        Map<String, Long> out = new TreeMap<>();
        bySource.values().forEach(l -> out.merge(String.valueOf(l.reason()), 1L, Long::sum));
        return out;
    }

    public void awaitTotal(long n, Duration timeout) {
        Waits.until(n + " dead letters (have " + total.sum() + ")", timeout, () -> total() >= n);
    }

    @Override
    public void close() {
        follower.close();
    }
}
