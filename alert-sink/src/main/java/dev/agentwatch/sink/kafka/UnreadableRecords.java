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

/**
 * Input records that are not alerts, on their way to the dead-letter topic. Each holds its offset (a ticket) until
 * it is stored. A write that fails retriably is tried again on a later turn of the consumer loop, by the retry
 * policy (never sooner than its floor, for at most {@code dead_letter_give_up_after}), so the loop keeps polling
 * and delivering meanwhile; a write refused for good, or retried too long, is given up: logged with the record's
 * coordinates, counted, and its offset released. Owned by the consumer thread.
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
        final Instant first;
        int attempts;
        Instant next;

        Waiting(SourceRecord source, byte[] key, byte[] value, Ticket ticket, String reason, String detail, Instant first) {
            this.source = source;
            this.key = key;
            this.value = value;
            this.ticket = ticket;
            this.reason = reason;
            this.detail = detail;
            this.first = first;
        }
    }

    private final ParkingLot parking;
    private final RetryPolicy retries;
    private final SinkMetrics metrics;
    private final Clock clock;
    private final List<Waiting> waiting = new ArrayList<>();

    UnreadableRecords(ParkingLot parking, RetryPolicy retries, SinkMetrics metrics, Clock clock) {
        this.parking = parking;
        this.retries = retries;
        this.metrics = metrics;
        this.clock = clock;
    }

    /** Parks the record now if it can; the ticket is released once the record is stored or given up. */
    void park(SourceRecord source, byte[] key, byte[] value, Ticket ticket, String reason, String detail) {
        Waiting w = new Waiting(source, key, value, ticket, reason, detail, clock.instant());
        if (!settled(w)) {
            waiting.add(w);
        }
    }

    /** Tries again the writes that are due. */
    void retryDue() {
        Instant now = clock.instant();
        for (Iterator<Waiting> it = waiting.iterator(); it.hasNext(); ) {
            Waiting w = it.next();
            if (!w.next.isAfter(now) && settled(w)) {
                it.remove();
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

    /** True once the record is stored or given up; false when it is to be tried again at {@code w.next}. */
    private boolean settled(Waiting w) {
        Optional<ParkingLot.Failure> failure = parking.parkRecord(w.source, w.key, w.value, w.reason, w.detail);
        SourceRecord s = w.source;
        if (failure.isEmpty()) {
            log.warn("record {}-{} offset {} is not an alert ({}), parked in the dead-letter topic", s.topic(), s.partition(),
                    s.offset(), w.reason);
            metrics.recordParked(w.reason);
            w.ticket.release();
            return true;
        }
        ParkingLot.Failure f = failure.get();
        Instant now = clock.instant();
        if (!f.retriable() || retries.deadLetterExhausted(w.first, now)) {
            log.error("giving up on record {}-{} offset {} ({}): it is not an alert and the dead-letter write {}: {}", s.topic(),
                    s.partition(), s.offset(), w.reason, f.retriable() ? "kept failing" : "was refused", Redactor.scrub(f.error()));
            metrics.recordAbandoned(w.reason);
            w.ticket.release();
            return true;
        }
        w.attempts++;
        w.next = now.plus(retries.wait(w.attempts, null));
        log.error("cannot park record {}-{} offset {} ({}), retrying at {}: {}", s.topic(), s.partition(), s.offset(), w.reason,
                w.next, Redactor.scrub(f.error()));
        return false;
    }
}
