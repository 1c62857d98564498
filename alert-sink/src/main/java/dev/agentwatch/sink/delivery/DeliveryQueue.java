package dev.agentwatch.sink.delivery;

import dev.agentwatch.sink.model.Notification;
import dev.agentwatch.sink.receivers.Integration;
import dev.agentwatch.sink.secrets.Redactor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.Objects;

/**
 * The notifications waiting for one integration, sent strictly in order: the head is retried (after a 429's
 * Retry-After, else with backoff) until delivered or parked, and nothing overtakes it, so a PagerDuty resolve
 * never arrives before its trigger. Requests are spaced by the integration's token bucket.
 *
 * <p>{@link #pump()} does the work that is due and says when to call again; it may block on one HTTP request but
 * never sleeps, so tests drive it with a fake clock. In the running sink one {@link DeliveryWorker} thread pumps
 * each queue; the consumer thread enqueues and cancels.
 */
public final class DeliveryQueue {

    private static final Logger log = LoggerFactory.getLogger(DeliveryQueue.class);

    private final Integration integration;
    private final TokenBucket bucket;
    private final Backoff backoff;
    private final DeliverySettings settings;
    private final ParkingLot parking;
    private final DeliveryListener listener;
    private final Clock clock;
    private final ArrayDeque<Delivery> queue = new ArrayDeque<>();
    private Delivery inFlight;
    private volatile boolean stopping;

    /** @param bucket null for no rate limit */
    public DeliveryQueue(Integration integration, TokenBucket bucket, Backoff backoff, DeliverySettings settings,
                         ParkingLot parking, DeliveryListener listener, Clock clock) {
        this.integration = integration;
        this.bucket = bucket;
        this.backoff = backoff;
        this.settings = settings;
        this.parking = parking;
        this.listener = listener;
        this.clock = clock;
    }

    public Integration integration() {
        return integration;
    }

    /** Queues one part; its alerts' tickets must already carry a hold for it. */
    public synchronized void enqueue(Notification part, int partition) {
        if (integration.mergeable()) {
            for (Iterator<Delivery> it = queue.descendingIterator(); it.hasNext(); ) {
                Delivery d = it.next();
                if (d != inFlight && d.parkReason == null && d.partition == partition
                        && Objects.equals(d.notification.groupKey(), part.groupKey())) {
                    d.notification = d.notification.supersededBy(part);
                    notifyAll();
                    return;
                }
            }
        }
        queue.addLast(new Delivery(part, partition, clock.instant()));
        notifyAll();
    }

    /** Drops what is queued for a partition this instance no longer owns (the new owner delivers it). */
    public synchronized int cancel(int partition) {
        int before = queue.size();
        queue.removeIf(d -> d != inFlight && d.partition == partition);
        return before - queue.size();
    }

    public synchronized int size() {
        return queue.size();
    }

    /**
     * Sends, retries or parks whatever is due now, in order. Returns when to call again: the head's retry time
     * or the next token, or null when the queue is empty.
     */
    public Instant pump() {
        while (true) {
            Delivery d;
            Instant now;
            synchronized (this) {
                d = queue.peekFirst();
                if (d == null || stopping) {
                    return null;
                }
                now = clock.instant();
                if (d.notBefore.isAfter(now)) {
                    return d.notBefore;
                }
                if (d.parkReason == null && bucket != null) {
                    Instant next = bucket.availableAt(now);
                    if (next.isAfter(now)) {
                        return next;
                    }
                    bucket.take(now);
                }
                inFlight = d;
            }
            try {
                if (d.parkReason == null) {
                    attempt(d, now);
                } else {
                    park(d);
                }
            } finally {
                synchronized (this) {
                    inFlight = null;
                }
            }
        }
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
            d.parkReason = p.reason();
            d.parkDetail = p.detail();
            park(d);
        } else if (outcome instanceof Outcome.Retry r) {
            retry(d, r, after);
        } else {
            finish(d, after, null);
        }
    }

    private void retry(Delivery d, Outcome.Retry r, Instant now) {
        if (Duration.between(d.firstAttemptAt, now).compareTo(settings.giveUpAfter()) >= 0) {
            d.parkReason = "retries-exhausted";
            d.parkDetail = d.attempts + " attempts over " + Duration.between(d.firstAttemptAt, now) + ", last: " + r.reason();
            park(d);
            return;
        }
        Duration wait;
        if (r.retryAfter() != null) {
            wait = r.retryAfter().compareTo(settings.maxRetryAfter()) > 0 ? settings.maxRetryAfter() : r.retryAfter();
            if (bucket != null) {
                bucket.pauseUntil(now.plus(wait)); // the endpoint asked everyone to wait, not just this message
            }
        } else {
            wait = backoff.delay(d.attempts);
        }
        synchronized (this) {
            d.notBefore = now.plus(wait);
        }
        log.warn("{}: attempt {} failed ({}), retrying in {} ms", integration.name(), d.attempts, r.reason(), wait.toMillis());
        listener.retrying(integration.name(), d.notification, r.reason(), d.notBefore);
    }

    private void park(Delivery d) {
        Instant now = clock.instant();
        try {
            parking.park(d.notification.alerts(), integration.name(), d.parkReason, d.parkDetail);
        } catch (Exception e) {
            // Not stored anywhere yet: keep it (and its offsets) and try the dead-letter write again.
            Duration wait = backoff.delay(Math.max(1, d.attempts));
            synchronized (this) {
                d.notBefore = now.plus(wait);
            }
            log.error("{}: cannot park a refused notification ({}), retrying in {} ms: {}", integration.name(), d.parkReason,
                    wait.toMillis(), Redactor.describe(e));
            return;
        }
        log.warn("{}: parked {} alert(s) of group {} in the dead-letter topic: {} {}", integration.name(),
                d.notification.alerts().size(), d.notification.groupKey().display(), d.parkReason, Redactor.scrub(d.parkDetail));
        finish(d, now, d.parkReason);
    }

    private void finish(Delivery d, Instant now, String parkedReason) {
        synchronized (this) {
            queue.remove(d);
        }
        d.releaseTickets();
        if (parkedReason == null) {
            log.debug("{}: delivered group {} after {} attempt(s)", integration.name(), d.notification.groupKey().display(), d.attempts);
            listener.delivered(integration.name(), d.notification, d.attempts, now);
        } else {
            listener.parked(integration.name(), d.notification, parkedReason, now);
        }
    }

    /** Starts no further attempt; the one in flight (if any) completes. */
    synchronized void stop() {
        stopping = true;
        notifyAll();
    }

    /** For the worker thread: waits until {@code until} (null: until something is queued) or an enqueue. */
    synchronized void awaitWork(Instant until) throws InterruptedException {
        if (stopping) {
            return;
        }
        if (until == null) {
            if (queue.isEmpty()) {
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
