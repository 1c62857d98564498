package dev.agentwatch.sdk;

import dev.agentwatch.schema.MetricEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The one thread that drains the queue: takes a batch (up to {@code maxBatch}, waiting at most
 * {@code exportInterval} for it to fill once it has an event, so batches go at most that far apart; a flush or
 * close sends at once), sends it through the transport and counts the outcome. The counts are written by this
 * thread (and, for what close abandons, by the closing one) under one lock, and read by any.
 */
final class Exporter {

    private static final Logger LOG = LoggerFactory.getLogger(Exporter.class);

    record Counts(long inFlight, long delivered, long rejected, long failed, long abandoned) {
    }

    /** How long the exporter sleeps when there is nothing to do; the agent's threads never wake it. */
    private static final long IDLE_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

    private final BoundedQueue<MetricEvent> queue;
    private final Transport transport;
    private final int maxBatch;
    private final long intervalNanos;
    private final Thread thread;
    private final Object progress = new Object();

    private volatile boolean finishing;
    /** Set by flush(): send what is there without waiting for the batch to fill. */
    private volatile boolean urgent;
    private volatile long inFlight;
    private volatile long delivered;
    private volatile long rejected;
    private volatile long failed;
    private volatile long abandoned;

    Exporter(BoundedQueue<MetricEvent> queue, Transport transport, int maxBatch, Duration exportInterval) {
        this.queue = queue;
        this.transport = transport;
        this.maxBatch = maxBatch;
        this.intervalNanos = exportInterval.toNanos();
        this.thread = new Thread(this::run, "agentwatch-exporter");
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    Counts counts() {
        return new Counts(inFlight, delivered, rejected, failed, abandoned);
    }

    /** Waits until at least {@code enqueued} events have an outcome. */
    boolean awaitIdle(long enqueued, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (progress) {
            while (delivered + rejected + failed + abandoned < enqueued) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                urgent = true;
                TimeUnit.NANOSECONDS.timedWait(progress, Math.min(left, TimeUnit.MILLISECONDS.toNanos(50)));
            }
        }
        return true;
    }

    /**
     * Lets the thread send what is queued for up to {@code timeout}; then interrupts it, counts what is left as
     * abandoned and waits for the batch in flight to end (an interrupted send ends as failed).
     */
    void finish(Duration timeout) {
        finishing = true;
        try {
            thread.join(Math.max(1, timeout.toMillis()));
            if (thread.isAlive()) {
                thread.interrupt();
                thread.join(5_000);
            }
        } catch (InterruptedException e) {
            thread.interrupt();
            Thread.currentThread().interrupt();
        }
        List<MetricEvent> left = new ArrayList<>();
        queue.drainTo(left, Integer.MAX_VALUE);
        if (!left.isEmpty()) {
            LOG.warn("agentwatch: {} events still queued at close were not sent", left.size());
            settle(() -> abandoned += left.size());
        }
    }

    private void run() {
        List<MetricEvent> batch = new ArrayList<>(maxBatch);
        while (!Thread.currentThread().isInterrupted()) {
            try {
                if (!fill(batch)) {
                    if (finishing && queue.isEmpty()) {
                        return;
                    }
                    continue;
                }
            } catch (InterruptedException e) {
                int taken = batch.size();
                if (taken > 0) {
                    // taken from the queue but never sent: close ran out of time
                    settle(() -> abandoned += taken);
                }
                return;
            }
            inFlight = batch.size();
            Transport.Result r;
            try {
                r = transport.send(batch);
            } catch (InterruptedException e) {
                r = Transport.Result.allFailed(batch.size());
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                LOG.warn("agentwatch: a batch of {} events failed: {}", batch.size(), e.toString());
                r = Transport.Result.allFailed(batch.size());
            }
            Transport.Result outcome = r;
            settle(() -> {
                delivered += outcome.delivered();
                rejected += outcome.rejected();
                failed += outcome.failed();
                inFlight = 0;
            });
            batch.clear();
        }
    }

    /** @return whether the batch has events; sleeps a little when there are none, noticing finish and interrupts */
    private boolean fill(List<MetricEvent> batch) throws InterruptedException {
        MetricEvent first = queue.poll();
        if (first == null) {
            idle(IDLE_NANOS);
            return false;
        }
        batch.add(first);
        long deadline = System.nanoTime() + intervalNanos;
        while (true) {
            queue.drainTo(batch, maxBatch - batch.size());
            long left = deadline - System.nanoTime();
            if (batch.size() >= maxBatch || left <= 0 || finishing || urgent) {
                break;
            }
            idle(Math.min(left, IDLE_NANOS));
        }
        if (queue.isEmpty()) {
            urgent = false;
        }
        return true;
    }

    private static void idle(long nanos) throws InterruptedException {
        LockSupport.parkNanos(nanos);
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
    }

    private void settle(Runnable update) {
        synchronized (progress) {
            update.run();
            progress.notifyAll();
        }
    }
}
