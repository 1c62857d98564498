package dev.agentwatch.sink.delivery;

import dev.agentwatch.sink.secrets.Redactor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;

/** The thread that pumps one queue in the running sink, so a slow receiver never holds up another. */
public final class DeliveryWorker implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DeliveryWorker.class);

    private final DeliveryQueue queue;
    private final Thread thread;
    private final Duration grace;
    private volatile boolean running = true;

    /** @param grace how long {@link #close()} lets an in-flight request finish (the HTTP timeout) */
    public DeliveryWorker(DeliveryQueue queue, Duration grace) {
        this.queue = queue;
        this.grace = grace;
        this.thread = new Thread(this::run, "deliver-" + queue.integration().name());
        this.thread.setDaemon(true);
    }

    public DeliveryWorker start() {
        thread.start();
        return this;
    }

    private void run() {
        while (running) {
            try {
                queue.awaitWork(queue.pump());
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                log.error("{}: delivery loop failed, continuing: {}", queue.integration().name(), Redactor.describe(e));
                try {
                    Thread.sleep(1_000);
                } catch (InterruptedException stop) {
                    return;
                }
            }
        }
    }

    /** Lets the request in flight finish (up to the grace period), then stops. */
    @Override
    public void close() {
        running = false;
        queue.stop();
        try {
            thread.join(grace.toMillis() + 1_000);
            if (thread.isAlive()) {
                thread.interrupt();
                thread.join(5_000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
