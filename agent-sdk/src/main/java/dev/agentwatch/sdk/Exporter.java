package dev.agentwatch.sdk;

import dev.agentwatch.schema.MetricEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The one thread that drains the queue: takes a batch (up to {@code maxBatch}, waiting at most {@code linger} for
 * it to fill once it has an event), sends it through the transport and counts the outcome. The counts are
 * written by this thread only and read by any.
 */
final class Exporter {

    private static final Logger LOG = LoggerFactory.getLogger(Exporter.class);

    record Counts(long inFlight, long delivered, long rejected, long failed, long abandoned) {
    }

    private final BlockingQueue<MetricEvent> queue;
    private final Transport transport;
    private final int maxBatch;
    private final long lingerNanos;
    private final Thread thread;
    private final Object progress = new Object();

    private volatile boolean finishing;
    private volatile long inFlight;
    private volatile long delivered;
    private volatile long rejected;
    private volatile long failed;
    private volatile long abandoned;

    Exporter(BlockingQueue<MetricEvent> queue, Transport transport, int maxBatch, Duration linger) {
        this.queue = queue;
        this.transport = transport;
        this.maxBatch = maxBatch;
        this.lingerNanos = linger.toNanos();
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
                TimeUnit.NANOSECONDS.timedWait(progress, left);
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
        queue.drainTo(left);
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

    /** @return whether the batch has events; waits for the first at most 200 ms so that finishing is noticed */
    private boolean fill(List<MetricEvent> batch) throws InterruptedException {
        MetricEvent first = queue.poll(200, TimeUnit.MILLISECONDS);
        if (first == null) {
            return false;
        }
        batch.add(first);
        long deadline = System.nanoTime() + lingerNanos;
        while (batch.size() < maxBatch) {
            queue.drainTo(batch, maxBatch - batch.size());
            long left = deadline - System.nanoTime();
            if (batch.size() >= maxBatch || left <= 0 || finishing) {
                break;
            }
            MetricEvent next = queue.poll(left, TimeUnit.NANOSECONDS);
            if (next == null) {
                break;
            }
            batch.add(next);
        }
        return true;
    }

    private void settle(Runnable update) {
        synchronized (progress) {
            update.run();
            progress.notifyAll();
        }
    }
}
