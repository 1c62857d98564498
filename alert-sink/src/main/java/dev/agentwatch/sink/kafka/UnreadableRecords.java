package dev.agentwatch.sink.kafka;

import dev.agentwatch.sink.delivery.ParkingLot;
import dev.agentwatch.sink.delivery.RetryPolicy;
import dev.agentwatch.sink.metrics.SinkMetrics;
import dev.agentwatch.sink.model.SourceRecord;
import dev.agentwatch.sink.offsets.Ticket;
import dev.agentwatch.sink.secrets.Redactor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Input records that are not alerts, on their way to the dead-letter topic. Each holds its offset (a ticket) until
 * the topic has it. The consumer thread never waits for that: the write is handed to the {@link ParkingLot} and its
 * future checked on later turns of the loop, so polling, flushing groups and committing go on meanwhile, however long
 * the topic is away. Only a record the topic refuses as a record, even without its value, is given up: logged with
 * its coordinates, counted, and its offset released. Owned by the consumer thread.
 */
final class UnreadableRecords {

    private static final Logger log = LoggerFactory.getLogger(UnreadableRecords.class);
    /** Records whose dead-letter write is pending; at this many the consumer stops reading more. */
    static final int MAX_WAITING = 1_000;

    private static final class Waiting {
        final SourceRecord source;
        final byte[] key;
        final byte[] value;
        final Ticket ticket;
        final String reason;
        final String detail;
        /** Null until the lot took the write (or after it threw: handed over again at {@code handOverAt}). */
        CompletableFuture<Optional<String>> write;
        Instant handOverAt;

        Waiting(SourceRecord source, byte[] key, byte[] value, Ticket ticket, String reason, String detail, Instant now) {
            this.source = source;
            this.key = key;
            this.value = value;
            this.ticket = ticket;
            this.reason = reason;
            this.detail = detail;
            this.handOverAt = now;
        }
    }

    private final ParkingLot parking;
    private final SinkMetrics metrics;
    private final Clock clock;
    private final List<Waiting> waiting = new ArrayList<>();

    UnreadableRecords(ParkingLot parking, SinkMetrics metrics, Clock clock) {
        this.parking = parking;
        this.metrics = metrics;
        this.clock = clock;
    }

    /** Hands the record to the dead-letter topic; the ticket is released once it is stored or refused. Never waits. */
    void park(SourceRecord source, byte[] key, byte[] value, Ticket ticket, String reason, String detail) {
        Waiting w = new Waiting(source, key, value, ticket, reason, detail, clock.instant());
        waiting.add(w);
        handOver(w);
    }

    /** On every loop turn: settles the writes that are done. Never waits, so each turn takes no longer than a look. */
    void settleDone() {
        Instant now = clock.instant();
        for (Iterator<Waiting> it = waiting.iterator(); it.hasNext(); ) {
            Waiting w = it.next();
            if (w.write == null) {
                if (!w.handOverAt.isAfter(now)) {
                    handOver(w);
                }
            } else if (w.write.isDone()) {
                it.remove();
                settle(w, w.write.join());
            }
        }
    }

    boolean full() {
        return waiting.size() >= MAX_WAITING;
    }

    /** A partition handed over: its records are read again by the new owner. */
    void forgetPartition(int partition) {
        waiting.removeIf(w -> w.source.partition() == partition);
    }

    private void handOver(Waiting w) {
        try {
            w.write = parking.parkRecord(w.source, w.key, w.value, w.reason, w.detail);
        } catch (RuntimeException e) {
            // A bug below us must not lose the record: handed over again after the retry floor.
            w.handOverAt = clock.instant().plus(RetryPolicy.FLOOR);
            log.error("cannot hand record {}-{} offset {} to the dead-letter topic, again at {}: {}", w.source.topic(),
                    w.source.partition(), w.source.offset(), w.handOverAt, Redactor.describe(e));
        }
    }

    private void settle(Waiting w, Optional<String> refused) {
        SourceRecord s = w.source;
        if (refused.isEmpty()) {
            log.warn("record {}-{} offset {} is not an alert ({}), parked in the dead-letter topic", s.topic(), s.partition(),
                    s.offset(), w.reason);
            metrics.recordParked(w.reason);
        } else {
            log.error("giving up on record {}-{} offset {} ({}): it is not an alert and the dead-letter topic refused it, even"
                    + " without its value: {}", s.topic(), s.partition(), s.offset(), w.reason, Redactor.scrub(refused.get()));
            metrics.recordAbandoned(w.reason);
        }
        w.ticket.release();
    }
}
