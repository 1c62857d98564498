package dev.agentwatch.sink.delivery;

import dev.agentwatch.sink.model.NotifiedAlert;
import dev.agentwatch.sink.secrets.Redactor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * One integration's notifications on their way to the dead-letter topic, apart from its send order: handed to the
 * {@link ParkingLot} in batches, and done with (tickets released) once the lot has stored or refused them. Nothing
 * here waits for the broker: a batch being written is checked on later pumps, and the lot wakes the queue when it
 * is done. A notification stays until then however long the topic is away; only an alert refused as a record is
 * given up, logged with where it was read so it can be read again.
 */
final class ParkingQueue {

    private static final Logger log = LoggerFactory.getLogger(ParkingQueue.class);

    private record Batch(Map<ParkingLot.Parcel, Delivery> byParcel, CompletableFuture<Map<ParkingLot.Parcel, ParkingLot.Refused>> result) {
    }

    private final String integration;
    private final ParkingLot lot;
    private final DeliveryListener listener;
    private final Clock clock;
    private final Runnable wake;
    /** Not yet handed to the lot, or handed back after the lot failed to take them. */
    private final ArrayDeque<Delivery> due = new ArrayDeque<>();
    private final List<Batch> writing = new ArrayList<>();
    private int writingCount;

    /** @param wake called (on the lot's thread) when a batch is done, so the queue's worker settles it */
    ParkingQueue(String integration, ParkingLot lot, DeliveryListener listener, Clock clock, Runnable wake) {
        this.integration = integration;
        this.lot = lot;
        this.listener = listener;
        this.clock = clock;
        this.wake = wake;
    }

    synchronized void add(Delivery d) {
        due.addLast(d);
    }

    /** Drops what is not yet handed to the lot for a partition handed over; batches being written still complete. */
    synchronized int cancel(int partition) {
        int before = due.size();
        due.removeIf(d -> d.partition == partition);
        return before - due.size();
    }

    /** Waiting for their dead-letter write, including the batches being written. */
    synchronized int backlog() {
        return due.size() + writingCount;
    }

    synchronized boolean hasDue() {
        return !due.isEmpty();
    }

    /**
     * Settles the batches the lot is done with and hands it what is due. Returns when to call again (only after the
     * lot threw, at the retry floor), or null: a batch being written wakes the queue when it is done.
     */
    Instant pump() {
        settleDone();
        Instant next = submitDue();
        settleDone(); // a lot that answered at once
        return next;
    }

    private Instant submitDue() {
        List<Delivery> batch = new ArrayList<>();
        Instant next = null;
        Instant now = clock.instant();
        synchronized (this) {
            for (Iterator<Delivery> it = due.iterator(); it.hasNext(); ) {
                Delivery d = it.next();
                if (d.notBefore.isAfter(now)) {
                    next = next == null || d.notBefore.isBefore(next) ? d.notBefore : next;
                } else {
                    it.remove();
                    batch.add(d);
                }
            }
            writingCount += batch.size();
        }
        if (batch.isEmpty()) {
            return next;
        }
        Map<ParkingLot.Parcel, Delivery> byParcel = new LinkedHashMap<>();
        for (Delivery d : batch) {
            byParcel.put(new ParkingLot.Parcel(d.notification.alerts(), integration, d.parkReason, d.parkDetail), d);
        }
        CompletableFuture<Map<ParkingLot.Parcel, ParkingLot.Refused>> result;
        try {
            result = lot.park(new ArrayList<>(byParcel.keySet()));
        } catch (RuntimeException e) {
            // A bug below us must not lose the batch nor pin the commit position: it is still owed, tried after the floor.
            Instant retryAt = clock.instant().plus(RetryPolicy.FLOOR);
            log.error("{}: handing {} notification(s) to the dead-letter topic failed, retrying at {}: {}", integration, batch.size(),
                    retryAt, Redactor.describe(e));
            synchronized (this) {
                writingCount -= batch.size();
                batch.forEach(d -> d.notBefore = retryAt);
                due.addAll(batch);
            }
            return next == null || retryAt.isBefore(next) ? retryAt : next;
        }
        synchronized (this) {
            writing.add(new Batch(byParcel, result));
        }
        result.whenComplete((r, e) -> wake.run());
        return next;
    }

    private void settleDone() {
        List<Batch> done = new ArrayList<>();
        synchronized (this) {
            for (Iterator<Batch> it = writing.iterator(); it.hasNext(); ) {
                Batch b = it.next();
                if (b.result().isDone()) {
                    it.remove();
                    writingCount -= b.byParcel().size();
                    done.add(b);
                }
            }
        }
        for (Batch b : done) {
            settle(b);
        }
    }

    private void settle(Batch b) {
        Map<ParkingLot.Parcel, ParkingLot.Refused> refused;
        try {
            refused = b.result().join();
        } catch (RuntimeException e) {
            // The lot's futures do not fail; if one did, nothing is known to be stored: the batch is still owed.
            log.error("{}: dead-letter write of {} notification(s) failed unexpectedly, retrying: {}", integration, b.byParcel().size(),
                    Redactor.describe(e));
            Instant retryAt = clock.instant().plus(RetryPolicy.FLOOR);
            synchronized (this) {
                b.byParcel().values().forEach(d -> d.notBefore = retryAt);
                due.addAll(b.byParcel().values());
            }
            return;
        }
        Instant now = clock.instant();
        Map<String, List<Delivery>> parkedByReason = new LinkedHashMap<>();
        for (Map.Entry<ParkingLot.Parcel, Delivery> e : b.byParcel().entrySet()) {
            Delivery d = e.getValue();
            ParkingLot.Refused r = refused.get(e.getKey());
            d.releaseTickets();
            try {
                if (r == null) {
                    parkedByReason.computeIfAbsent(d.parkReason, k -> new ArrayList<>()).add(d);
                    listener.parked(integration, d.notification, d.parkReason, now);
                } else {
                    abandon(d, r, now);
                }
            } catch (RuntimeException listenerFailed) {
                // An observer's bug must not keep the rest of the batch from being settled.
                log.error("{}: a listener failed on a parked notification: {}", integration, Redactor.describe(listenerFailed));
            }
        }
        parkedByReason.forEach(this::logParked);
    }

    /** Refused as records: given up, with what is needed to read the alerts again from the alerts topic. */
    private void abandon(Delivery d, ParkingLot.Refused r, Instant now) {
        for (NotifiedAlert a : r.alerts()) {
            log.error("{}: giving up on alert {} ({}), read from {}-{} offset {}: neither delivered nor parked ({}); the dead-letter"
                            + " topic refused the record, even without its value: {}", integration, a.fingerprint(), a.event().getAlert(),
                    a.source().topic(), a.source().partition(), a.source().offset(), d.parkReason, Redactor.scrub(r.error()));
        }
        listener.abandoned(integration, d.notification, d.parkReason, now);
    }

    /** One line per reason and batch, so 10,000 notifications pushed out of a full queue are not 10,000 lines. */
    private void logParked(String reason, List<Delivery> parked) {
        Delivery first = parked.get(0);
        int alerts = parked.stream().mapToInt(d -> d.notification.alerts().size()).sum();
        log.warn("{}: parked {} notification(s) with {} alert(s) in the dead-letter topic, e.g. group {}: {} {}", integration,
                parked.size(), alerts, first.notification.groupKey().display(), reason, Redactor.scrub(first.parkDetail));
    }
}
