package dev.agentwatch.sink.kafka;

import dev.agentwatch.schema.AlertEvent;
import dev.agentwatch.schema.serde.WireFormatException;
import dev.agentwatch.sink.delivery.ParkingLot;
import dev.agentwatch.sink.delivery.RetryPolicy;
import dev.agentwatch.sink.metrics.SinkMetrics;
import dev.agentwatch.sink.model.SourceRecord;
import dev.agentwatch.sink.offsets.DoneRanges;
import dev.agentwatch.sink.offsets.PartitionOffsets;
import dev.agentwatch.sink.pipeline.AlertPipeline;
import dev.agentwatch.sink.secrets.Redactor;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.Deserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;

/**
 * The consumer thread: reads the alerts topic (read_committed) in the sink's consumer group, feeds the pipeline,
 * flushes due groups, and commits for each partition the lowest offset that is not yet done, with the done
 * offsets above it in the commit's metadata ({@link DoneRanges}). So offsets move only past alerts that were
 * delivered or parked, and a restart (even after kill -9) repeats at most what was in flight.
 *
 * <p>Group state lives per partition: when a partition is revoked its progress is committed and its groups and
 * queued notifications are dropped; the new owner rebuilds them from the records after the committed offset.
 *
 * <p>Reading never pauses because a receiver is down: each delivery queue bounds itself and parks what does not
 * fit. It pauses only while the dead-letter topic does not take what must be parked (then nothing else would
 * bound memory), and a partition pauses briefly while the schema registry cannot be reached ({@link RegistryWaits}).
 * Nothing here sleeps or waits for the dead-letter topic, so the loop keeps polling, committing and flushing groups
 * on time.
 */
public final class AlertConsumerLoop implements ConsumerRebalanceListener {

    private static final Logger log = LoggerFactory.getLogger(AlertConsumerLoop.class);
    private static final Duration MAX_POLL_WAIT = Duration.ofMillis(200);
    private static final Duration MIN_POLL_WAIT = Duration.ofMillis(5);

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final String topic;
    private final Deserializer<AlertEvent> decoder;
    private final AlertPipeline pipeline;
    private final UnreadableRecords unreadable;
    private final RegistryWaits registryWaits;
    private final BooleanSupplier deadLetterBacklogFull;
    private final Clock clock;
    private final Runnable beforeLastCommit;
    private final Map<Integer, PartitionOffsets> offsets = new HashMap<>();
    private final Map<TopicPartition, OffsetAndMetadata> lastCommitted = new HashMap<>();
    private volatile boolean running = true;
    private volatile Set<Integer> assigned = Set.of();
    private boolean paused;

    /** @param deadLetterBacklogFull true while the delivery queues cannot park as fast as they must */
    public AlertConsumerLoop(KafkaConsumer<byte[], byte[]> consumer, String topic, Deserializer<AlertEvent> decoder,
                             AlertPipeline pipeline, ParkingLot parking, BooleanSupplier deadLetterBacklogFull,
                             SinkMetrics metrics, Clock clock, Runnable beforeLastCommit) {
        this.consumer = consumer;
        this.topic = topic;
        this.decoder = decoder;
        this.pipeline = pipeline;
        this.unreadable = new UnreadableRecords(parking, metrics, clock);
        this.registryWaits = new RegistryWaits(clock);
        this.deadLetterBacklogFull = deadLetterBacklogFull;
        this.clock = clock;
        this.beforeLastCommit = beforeLastCommit;
    }

    /** Runs until {@link #stop()}; commits what is done before returning. */
    public void run() {
        consumer.subscribe(List.of(topic), this);
        try {
            while (running) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(pollWait())) {
                    handle(r);
                }
                unreadable.settleDone();
                resumeAfterRegistryWait();
                pipeline.flushDue();
                commitDone();
                backpressure();
            }
        } catch (WakeupException stopping) {
            // stop() was called
        } finally {
            try {
                beforeLastCommit.run(); // lets in-flight requests finish, so their offsets go into the last commit
                commitDone();
            } catch (RuntimeException e) {
                log.warn("last commit failed (the uncommitted alerts will be delivered again): {}", e.toString());
            }
            consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
        }
    }

    public void stop() {
        running = false;
        consumer.wakeup();
    }

    public Set<Integer> assignedPartitions() {
        return assigned;
    }

    /** Short enough to flush groups on time, long enough not to spin. */
    private Duration pollWait() {
        Instant next = pipeline.nextDue();
        if (next == null) {
            return MAX_POLL_WAIT;
        }
        Duration d = Duration.between(clock.instant(), next);
        return d.compareTo(MIN_POLL_WAIT) < 0 ? MIN_POLL_WAIT : d.compareTo(MAX_POLL_WAIT) > 0 ? MAX_POLL_WAIT : d;
    }

    private void handle(ConsumerRecord<byte[], byte[]> r) {
        PartitionOffsets po = offsets.get(r.partition());
        if (po == null || registryWaits.isWaiting(r.partition())) {
            return; // not ours any more (the owner reads it), or read again once the registry answers
        }
        if (po.doneBefore(r.offset())) {
            po.skip(r.offset());
            AlertEvent known = decodeQuietly(r);
            if (known != null) {
                pipeline.observe(r.partition(), known);
            }
            return;
        }
        if (r.value() == null) {
            po.track(r.offset()).release(); // a tombstone carries no alert
            return;
        }
        SourceRecord source = new SourceRecord(r.topic(), r.partition(), r.offset());
        AlertEvent alert;
        try {
            alert = decoder.deserialize(r.topic(), r.headers(), r.value());
        } catch (WireFormatException e) {
            Optional<Duration> waited = e.isRecordFault() ? Optional.empty() : registryWaits.waitFor(r.partition(), r.offset());
            if (e.isRecordFault()) {
                unreadable.park(source, r.key(), r.value(), po.track(r.offset()), e.reasonCode(), e.getMessage());
            } else if (waited.isPresent()) {
                TopicPartition tp = new TopicPartition(r.topic(), r.partition());
                consumer.seek(tp, r.offset());
                consumer.pause(List.of(tp));
                if (waited.get().compareTo(RetryPolicy.FLOOR) < 0) { // once per record, not every second
                    log.warn("schema registry unavailable: {} waits at offset {}, read again every {} ms for up to {}: {}", tp,
                            r.offset(), RetryPolicy.FLOOR.toMillis(), RegistryWaits.GIVE_UP, Redactor.scrub(e.getMessage()));
                }
            } else {
                unreadable.park(source, r.key(), r.value(), po.track(r.offset()), "schema-registry-unavailable",
                        "the writer schema could not be fetched for " + RegistryWaits.GIVE_UP + ": " + e.getMessage());
            }
            return;
        } catch (RuntimeException | StackOverflowError e) {
            unreadable.park(source, r.key(), r.value(), po.track(r.offset()), "undecodable", Redactor.describe(e));
            return;
        }
        registryWaits.decoded(r.partition(), r.offset());
        pipeline.accept(r.partition(), alert, po.track(r.offset()), source);
    }

    private AlertEvent decodeQuietly(ConsumerRecord<byte[], byte[]> r) {
        try {
            return r.value() == null ? null : decoder.deserialize(r.topic(), r.headers(), r.value());
        } catch (RuntimeException | StackOverflowError e) {
            return null;
        }
    }

    /** Partitions whose registry pause is over read on, unless reading is paused as a whole. */
    private void resumeAfterRegistryWait() {
        List<TopicPartition> due = registryWaits.due().stream().map(p -> new TopicPartition(topic, p)).toList();
        if (!due.isEmpty() && !paused) {
            consumer.resume(due);
        }
    }

    /** Commits every partition whose done position (or the done ranges above it) moved. */
    private void commitDone() {
        Map<TopicPartition, OffsetAndMetadata> changes = new HashMap<>();
        for (PartitionOffsets po : offsets.values()) {
            changed(po).ifPresent(c -> changes.put(new TopicPartition(topic, po.partition()), c));
        }
        if (changes.isEmpty()) {
            return;
        }
        try {
            consumer.commitSync(changes);
            lastCommitted.putAll(changes);
        } catch (WakeupException | org.apache.kafka.common.errors.InterruptException stopping) {
            throw stopping;
        } catch (KafkaException e) {
            // A rebalance in progress or a lost membership: the next turn (or the revocation) commits again;
            // at worst the new owner delivers the uncommitted alerts once more.
            log.warn("commit failed, will retry: {}", e.toString());
        }
    }

    private java.util.Optional<OffsetAndMetadata> changed(PartitionOffsets po) {
        po.drain();
        long position = po.commitPosition();
        if (position < 0) {
            return java.util.Optional.empty();
        }
        OffsetAndMetadata next = new OffsetAndMetadata(position, po.commitMetadata());
        OffsetAndMetadata last = lastCommitted.get(new TopicPartition(topic, po.partition()));
        if (last != null && last.offset() == next.offset() && last.metadata().equals(next.metadata())) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(next);
    }

    /**
     * Stops reading while what must be parked is not being stored (the dead-letter topic is unavailable), so memory
     * stays bounded; a receiver that is down never pauses reading: its queue parks what does not fit.
     */
    private void backpressure() {
        boolean full = deadLetterBacklogFull.getAsBoolean() || unreadable.full();
        if (!paused && full) {
            consumer.pause(consumer.assignment());
            paused = true;
            log.warn("the dead-letter topic is not taking what must be parked: reading paused until it does");
        } else if (paused && !full) {
            List<TopicPartition> resume = consumer.paused().stream().filter(tp -> !registryWaits.isWaiting(tp.partition())).toList();
            consumer.resume(resume);
            paused = false;
            log.info("the dead-letter topic takes records again: reading resumed");
        }
    }

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
        Map<TopicPartition, OffsetAndMetadata> last = new HashMap<>();
        for (TopicPartition tp : partitions) {
            PartitionOffsets po = offsets.get(tp.partition());
            if (po != null) {
                changed(po).ifPresent(c -> last.put(tp, c));
            }
        }
        try {
            if (!last.isEmpty()) {
                consumer.commitSync(last);
            }
        } catch (RuntimeException e) {
            log.warn("commit on revocation failed (the new owner delivers the uncommitted alerts again): {}", e.toString());
        }
        drop(partitions);
    }

    @Override
    public void onPartitionsLost(Collection<TopicPartition> partitions) {
        drop(partitions);
    }

    private void drop(Collection<TopicPartition> partitions) {
        for (TopicPartition tp : partitions) {
            offsets.remove(tp.partition());
            lastCommitted.remove(tp);
            pipeline.forgetPartition(tp.partition());
            unreadable.forgetPartition(tp.partition());
            registryWaits.forget(tp.partition());
        }
        updateAssigned();
        if (!partitions.isEmpty()) {
            log.info("partitions {} of {} handed over", partitions.stream().map(TopicPartition::partition).sorted().toList(), topic);
        }
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
        if (partitions.isEmpty()) {
            return;
        }
        Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(new HashSet<>(partitions));
        for (TopicPartition tp : partitions) {
            OffsetAndMetadata c = committed.get(tp);
            DoneRanges done = c == null ? DoneRanges.NONE : DoneRanges.decode(c.offset(), c.metadata());
            offsets.put(tp.partition(), new PartitionOffsets(tp.partition(), done));
            if (c != null) {
                lastCommitted.put(tp, c);
            }
        }
        updateAssigned();
        log.info("partitions {} of {} assigned", partitions.stream().map(TopicPartition::partition).sorted().toList(), topic);
    }

    private void updateAssigned() {
        assigned = Set.copyOf(new TreeSet<>(offsets.keySet()));
    }
}
