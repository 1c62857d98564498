package dev.agentwatch.sink.delivery;

import dev.agentwatch.sink.model.GroupKey;
import dev.agentwatch.sink.model.Notification;
import dev.agentwatch.sink.secrets.Redactor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * The notifications waiting for one integration, sent strictly in order: the head is retried (after a 429's
 * Retry-After, else with backoff, never sooner than {@link RetryPolicy#FLOOR}) until delivered or parked, and
 * nothing overtakes it, so a PagerDuty resolve never arrives before its trigger. Requests are spaced by the
 * integration's token bucket.
 *
 * <p>At most {@code max_queued} notifications wait. When one more arrives, the oldest waiting one (not the one
 * in flight) is parked as {@code queue-full}: the newest state of a group is what a receiver that comes back needs,
 * and memory stays bounded without ever pausing the consumer, so a receiver that is down delays no other.
 * Notifications to park (refused, retries exhausted, pushed out) wait apart from the send order ({@link ParkingQueue})
 * and hold their offsets until the dead-letter topic has them, however long it is away.
 *
 * <p>{@link #pump()} does the work that is due and says when to call again; it may block on one HTTP request but
 * never on the dead-letter topic and never sleeps, so tests drive it with a fake clock. In the running sink one
 * {@link DeliveryWorker} thread pumps each queue; the consumer thread enqueues and cancels.
 */
public final class DeliveryQueue {

    private static final Logger log = LoggerFactory.getLogger(DeliveryQueue.class);
    /** Parking reason of a notification pushed out of a full queue. */
    public static final String QUEUE_FULL = "queue-full";

    private record Head(Delivery due, Instant now, Instant nextAt) {
    }

    private final Integration integration;
    private final TokenBucket bucket;
    private final RetryPolicy retries;
    private final int capacity;
    private final ParkingQueue parking;
    private final DeliveryListener listener;
    private final Clock clock;
    /** Waiting to be sent, oldest first. */
    private final ArrayDeque<Delivery> waiting = new ArrayDeque<>();
    /** The unsent delivery each group's next notification merges into (mergeable integrations). */
    private final Map<GroupKey, Delivery> mergeInto = new HashMap<>();
    private Delivery inFlight;
    private boolean full;
    /** Woken since the worker last waited. */
    private boolean woken;
    private volatile boolean stopping;

    /** @param bucket null for no rate limit */
    public DeliveryQueue(Integration integration, TokenBucket bucket, RetryPolicy retries, int capacity, ParkingLot parking,
                         DeliveryListener listener, Clock clock) {
        if (capacity < 1) {
            throw new IllegalArgumentException("a queue holds at least one notification");
        }
        this.integration = integration;
        this.bucket = bucket;
        this.retries = retries;
        this.capacity = capacity;
        this.parking = new ParkingQueue(integration.name(), parking, listener, clock, this::wake);
        this.listener = listener;
        this.clock = clock;
    }

    public Integration integration() {
        return integration;
    }

    /**
     * Queues one part; its alerts' tickets must already carry a hold for it. Never blocks on the receiver. Returns what
     * becomes of it: a part merged into an unsent one of its group shares that one's fate.
     */
    public synchronized Receipt enqueue(Notification part, int partition) {
        if (integration.mergeable()) {
            Delivery d = mergeInto.get(part.groupKey());
            if (d != null && d != inFlight) {
                d.notification = d.notification.supersededBy(part);
                wake();
                return d;
            }
        }
        Instant now = clock.instant();
        Delivery d = new Delivery(part, partition, now);
        waiting.addLast(d);
        if (integration.mergeable()) {
            mergeInto.put(part.groupKey(), d);
        }
        while (waiting.size() > capacity && pushOutOldest(now)) {
            // one out per one in beyond the bound
        }
        wake();
        return d;
    }

    /** Moves the oldest waiting delivery that is not in flight to the parking side. */
    private boolean pushOutOldest(Instant now) {
        for (Iterator<Delivery> it = waiting.iterator(); it.hasNext(); ) {
            Delivery d = it.next();
            if (d != inFlight) {
                it.remove();
                mergeInto.remove(d.notification.groupKey(), d);
                d.toPark(QUEUE_FULL, integration.name() + " had " + capacity + " notifications waiting (delivery.max_queued);"
                        + " the oldest is parked so that newer ones keep their place", now);
                parking.add(d);
                if (!full) {
                    full = true;
                    log.warn("{}: {} notifications wait for delivery (delivery.max_queued); the oldest are parked as {} from now on",
                            integration.name(), capacity, QUEUE_FULL);
                }
                return true;
            }
        }
        return false;
    }

    /** Drops what is queued for a partition this instance no longer owns (the new owner delivers it). */
    public synchronized int cancel(int partition) {
        int before = waiting.size();
        waiting.removeIf(d -> d != inFlight && d.partition == partition);
        mergeInto.values().removeIf(d -> d != inFlight && d.partition == partition);
        return before - waiting.size() + parking.cancel(partition);
    }

    /** Notifications waiting to be sent. */
    public synchronized int size() {
        return waiting.size();
    }

    /** Notifications waiting for their dead-letter write (including a batch being written). */
    public int parkingBacklog() {
        return parking.backlog();
    }

    public int capacity() {
        return capacity;
    }

    /**
     * Parks, sends or retries whatever is due now: parking first, then the head of the send order. Returns when to
     * call again (a retry, a token, a dead-letter hand-over that failed), or null when nothing waits.
     */
    public Instant pump() {
        while (!stopping) {
            Instant parkNext = parking.pump();
            Head head = takeHead();
            if (head.due() == null) {
                return earliest(parkNext, head.nextAt());
            }
            try {
                attempt(head.due(), head.now());
            } finally {
                synchronized (this) {
                    inFlight = null;
                }
            }
        }
        return null;
    }

    private synchronized Head takeHead() {
        if (full && waiting.size() <= capacity / 2) {
            full = false;
            log.info("{}: {} notifications wait for delivery, half of delivery.max_queued", integration.name(), waiting.size());
        }
        Delivery d = waiting.peekFirst();
        if (d == null || stopping) {
            return new Head(null, null, null);
        }
        Instant now = clock.instant();
        if (d.notBefore.isAfter(now)) {
            return new Head(null, now, d.notBefore);
        }
        if (bucket != null) {
            Instant next = bucket.availableAt(now);
            if (next.isAfter(now)) {
                return new Head(null, now, next);
            }
            bucket.take(now);
        }
        inFlight = d;
        return new Head(d, now, null);
    }

    private void attempt(Delivery d, Instant now) {
        if (d.firstAttemptAt == null) {
            d.firstAttemptAt = now;
        }
        d.attempts++;
        listener.attempted(integration.name(), d.notification, now);
        Outcome outcome;
        try {
            outcome = integration.deliver(d.notification);
        } catch (RuntimeException e) {
            // A bug in rendering would fail the same way forever: park instead of blocking the queue.
            outcome = new Outcome.Park("render-failed", Redactor.describe(e));
        }
        Instant after = clock.instant();
        if (outcome instanceof Outcome.Park p) {
            moveToPark(d, p.reason(), p.detail(), after);
        } else if (outcome instanceof Outcome.Retry r) {
            retry(d, r, after);
        } else {
            synchronized (this) {
                remove(d);
            }
            d.delivered();
            d.releaseTickets();
            log.debug("{}: delivered group {} after {} attempt(s)", integration.name(), d.notification.groupKey().display(), d.attempts);
            listener.delivered(integration.name(), d.notification, d.attempts, after);
        }
    }

    private void retry(Delivery d, Outcome.Retry r, Instant now) {
        if (retries.deliveryExhausted(d.firstAttemptAt, now)) {
            moveToPark(d, "retries-exhausted", d.attempts + " attempts over " + Duration.between(d.firstAttemptAt, now)
                    + ", last: " + r.reason(), now);
            return;
        }
        Duration wait = retries.wait(d.attempts, r.retryAfter());
        if (r.retryAfter() != null && bucket != null) {
            bucket.pauseUntil(now.plus(wait)); // the endpoint asked everyone to wait, not just this message
        }
        synchronized (this) {
            d.notBefore = now.plus(wait);
        }
        log.warn("{}: attempt {} failed ({}), retrying in {} ms", integration.name(), d.attempts, Redactor.scrub(r.reason()),
                wait.toMillis());
        listener.retrying(integration.name(), d.notification, r.cause(), d.notBefore);
    }

    private synchronized void moveToPark(Delivery d, String reason, String detail, Instant now) {
        remove(d);
        d.toPark(reason, detail, now);
        parking.add(d);
    }

    private void remove(Delivery d) {
        waiting.remove(d);
        mergeInto.remove(d.notification.groupKey(), d);
    }

    private static Instant earliest(Instant a, Instant b) {
        return a == null ? b : b == null || a.isBefore(b) ? a : b;
    }

    /** Something to do now (a notification queued, a dead-letter batch done), not at the worker's next due time. */
    private synchronized void wake() {
        woken = true; // seen even when it comes between the worker's pump and its wait
        notifyAll();
    }

    /** Starts no further attempt; the one in flight (if any) completes. */
    synchronized void stop() {
        stopping = true;
        notifyAll();
    }

    /** For the worker thread: waits until {@code until} (null: until something is queued), an enqueue or a parked batch. */
    synchronized void awaitWork(Instant until) throws InterruptedException {
        if (stopping || woken) {
            woken = false;
            return;
        }
        if (until == null) {
            if (waiting.isEmpty() && !parking.hasDue()) {
                wait(1_000);
            }
            return;
        }
        long ms = Duration.between(clock.instant(), until).toMillis();
        if (ms > 0) {
            wait(ms);
        }
    }
}
