package dev.agentwatch.faults.harness;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;

/**
 * The streams app's committed progress on the metrics topic, sampled every {@link #EVERY} through the admin API: each
 * partition's committed offset (what a crash resumes from, so "processing" here means committed), the end offsets,
 * and the group's member count. Failover is read off it as the gap in committed progress.
 */
public final class GroupProgress implements AutoCloseable {

    static final Duration EVERY = Duration.ofMillis(250);

    /** A committed offset that moved, and when it was seen to. */
    public record Advance(Instant at, long offset) {
    }

    /** The group's member count, when it was seen to change. */
    public record Members(Instant at, int count) {
    }

    private final Admin admin;
    private final String group;
    private final String topic;
    private final Map<Integer, List<Advance>> advances = new HashMap<>();
    private final List<Members> members = new ArrayList<>();
    private final Thread thread;
    private volatile boolean closing;
    private volatile String lastError;

    GroupProgress(Admin admin, String group, String topic) {
        this.admin = admin;
        this.group = group;
        this.topic = topic;
        this.thread = new Thread(this::sample, "progress-" + group);
        thread.setDaemon(true);
        thread.start();
    }

    private void sample() {
        while (!closing) {
            try {
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                        .partitionsToOffsetAndMetadata().get(5, TimeUnit.SECONDS);
                Instant now = Instant.now();
                synchronized (this) {
                    committed.forEach((tp, om) -> {
                        if (tp.topic().equals(topic) && om != null) {
                            List<Advance> list = advances.computeIfAbsent(tp.partition(), p -> new ArrayList<>());
                            if (list.isEmpty() || list.get(list.size() - 1).offset() != om.offset()) {
                                list.add(new Advance(now, om.offset()));
                            }
                        }
                    });
                }
                sampleMembers();
            } catch (InterruptedException e) {
                return;
            } catch (Exception brokerBusyOrGone) {
                lastError = brokerBusyOrGone.toString(); // a broker down is one of the faults under test: sample again
            }
            Waits.sleep(EVERY);
        }
    }

    private void sampleMembers() throws Exception {
        ConsumerGroupDescription d = admin.describeConsumerGroups(List.of(group)).describedGroups().get(group).get(5, TimeUnit.SECONDS);
        int count = d.members().size();
        synchronized (this) {
            if (members.isEmpty() || members.get(members.size() - 1).count() != count) {
                members.add(new Members(Instant.now(), count));
            }
        }
    }

    /** The last error of a sample, for reports; null if none. */
    public String lastError() {
        return lastError;
    }

    /** Each partition's committed offset now, read at once (not sampled). */
    public Map<Integer, Long> committedNow() {
        try {
            Map<Integer, Long> out = new TreeMap<>();
            admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS).forEach((tp, om) -> {
                if (tp.topic().equals(topic) && om != null) {
                    out.put(tp.partition(), om.offset());
                }
            });
            return out;
        } catch (Exception e) {
            throw new IllegalStateException("cannot read the offsets of " + group + ": " + e, e);
        }
    }

    /** When {@code partition}'s committed offset was first seen beyond {@code offset}. */
    public synchronized Optional<Instant> firstBeyond(int partition, long offset) {
        return advances.getOrDefault(partition, List.of()).stream().filter(a -> a.offset() > offset).map(Advance::at).findFirst();
    }

    public synchronized OptionalLong committed(int partition) {
        List<Advance> list = advances.get(partition);
        return list == null || list.isEmpty() ? OptionalLong.empty() : OptionalLong.of(list.get(list.size() - 1).offset());
    }

    public synchronized List<Members> memberChanges() {
        return List.copyOf(members);
    }

    /** The first time after {@code t} the group was seen with {@code count} members. */
    public synchronized Optional<Instant> membersAfter(Instant t, int count) {
        return members.stream().filter(m -> m.at().isAfter(t) && m.count() == count).map(Members::at).findFirst();
    }

    /** The metrics topic's end offsets, per partition. */
    public Map<Integer, Long> endOffsets() {
        try {
            List<TopicPartitionInfo> parts = admin.describeTopics(List.of(topic)).allTopicNames()
                    .get(10, TimeUnit.SECONDS).get(topic).partitions();
            Map<TopicPartition, OffsetSpec> latest = parts.stream()
                    .collect(Collectors.toMap(p -> new TopicPartition(topic, p.partition()), p -> OffsetSpec.latest()));
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = admin.listOffsets(latest).all().get(10, TimeUnit.SECONDS);
            Map<Integer, Long> out = new TreeMap<>();
            ends.forEach((tp, end) -> out.put(tp.partition(), end.offset()));
            return out;
        } catch (Exception e) {
            throw new IllegalStateException("cannot read the end offsets of " + topic + ": " + e, e);
        }
    }

    /** End offsets minus committed, per partition (a partition never committed counts from 0). */
    public Map<Integer, Long> lag() {
        Map<Integer, Long> ends = endOffsets();
        Map<TopicPartition, OffsetAndMetadata> committed;
        try {
            committed = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("cannot read the offsets of " + group + ": " + e, e);
        }
        Map<Integer, Long> lag = new TreeMap<>();
        ends.forEach((p, end) -> {
            OffsetAndMetadata c = committed.get(new TopicPartition(topic, p));
            lag.put(p, end - (c == null ? 0 : c.offset()));
        });
        return lag;
    }

    public long totalLag() {
        return lag().values().stream().mapToLong(Long::longValue).sum();
    }

    /** Every record the metrics topic holds. */
    public long endOffsetsSum() {
        return endOffsets().values().stream().mapToLong(Long::longValue).sum();
    }

    /** Waits until the app has committed everything the topic holds. */
    public void awaitCaughtUp(Duration timeout) {
        Waits.until("consumer group " + group + " caught up (lag " + safeLag() + ")", timeout, () -> totalLag() == 0);
    }

    private String safeLag() {
        try {
            return lag().toString();
        } catch (RuntimeException e) {
            return "unknown: " + e.getMessage();
        }
    }

    @Override
    public void close() {
        closing = true;
        thread.interrupt();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
