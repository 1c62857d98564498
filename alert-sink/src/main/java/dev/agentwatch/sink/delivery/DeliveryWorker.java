package dev.agentwatch.sink.delivery;

import dev.agentwatch.sink.secrets.Redactor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The thread that pumps one queue in the running sink, so a slow receiver never holds up another. */
public final class DeliveryWorker implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DeliveryWorker.class);

    private final DeliveryQueue queue;
    private final Thread thread;
    private volatile boolean running = true;

    public DeliveryWorker(DeliveryQueue queue) {
        this.queue = queue;
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

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
