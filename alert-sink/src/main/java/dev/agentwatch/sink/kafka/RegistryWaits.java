package dev.agentwatch.sink.kafka;

import dev.agentwatch.sink.delivery.RetryPolicy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Partitions waiting for the schema registry: a record whose writer schema cannot be fetched (the registry is
 * unreachable; not the record's fault) is read again after {@link RetryPolicy#FLOOR}, its partition paused
 * meanwhile, so the consumer keeps polling and the other partitions keep flowing. After {@link #GIVE_UP} on the
 * same record it is parked as {@code schema-registry-unavailable} instead: nothing is waited for forever. Owned by
 * the consumer thread.
 */
final class RegistryWaits {

    /** How long one record waits for the registry before it is parked. */
    static final Duration GIVE_UP = Duration.ofMinutes(10);

    private static final class Wait {
        final long offset;
        final Instant since;
        Instant resumeAt;

        Wait(long offset, Instant since) {
            this.offset = offset;
            this.since = since;
        }
    }

    private final Clock clock;
    private final Map<Integer, Wait> byPartition = new HashMap<>();

    RegistryWaits(Clock clock) {
        this.clock = clock;
    }

    /**
     * The record at {@code offset} could not be decoded for want of the registry. Present: wait (pause the
     * partition and read from {@code offset} again later), with how long this record has waited so far; empty: it
     * waited long enough and is to be parked.
     */
    Optional<Duration> waitFor(int partition, long offset) {
        Instant now = clock.instant();
        Wait w = byPartition.get(partition);
        if (w == null || w.offset != offset) {
            w = new Wait(offset, now);
            byPartition.put(partition, w);
        }
        Duration waited = Duration.between(w.since, now);
        if (!waited.minus(GIVE_UP).isNegative()) {
            byPartition.remove(partition);
            return Optional.empty();
        }
        w.resumeAt = now.plus(RetryPolicy.FLOOR);
        return Optional.of(waited);
    }

    /** True while the partition is paused for the registry: its later records in a poll are read again after the seek. */
    boolean isWaiting(int partition) {
        Wait w = byPartition.get(partition);
        return w != null && w.resumeAt != null;
    }

    /** The record was read: its partition no longer waits. */
    void decoded(int partition, long offset) {
        Wait w = byPartition.get(partition);
        if (w != null && w.offset == offset) {
            byPartition.remove(partition);
        }
    }

    /** Partitions whose pause is over; they stay known until their record is decoded or parked. */
    List<Integer> due() {
        Instant now = clock.instant();
        List<Integer> out = new ArrayList<>();
        for (Map.Entry<Integer, Wait> e : byPartition.entrySet()) {
            Wait w = e.getValue();
            if (w.resumeAt != null && !w.resumeAt.isAfter(now)) {
                w.resumeAt = null;
                out.add(e.getKey());
            }
        }
        return out;
    }

    void forget(int partition) {
        byPartition.remove(partition);
    }
}
