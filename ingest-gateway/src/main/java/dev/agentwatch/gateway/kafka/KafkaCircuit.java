package dev.agentwatch.gateway.kafka;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Fails fast while Kafka (or the registry) is failing, so that an outage answers 503 at once instead of holding
 * every request for the whole delivery timeout and filling the in-flight budget. After a failure the circuit is
 * open; one request every {@code probeEveryMs} goes through as a probe, and the first acknowledged event closes it.
 *
 * <pre>
 *   closed --failure--> open --probe interval passed--> (one request let through) --ack--> closed
 *                        ^                                        |
 *                        +------------------failure---------------+
 * </pre>
 */
public final class KafkaCircuit {

    private final long probeEveryNanos;
    private final AtomicReference<Delivery> openedBy = new AtomicReference<>();
    private final AtomicLong lastProbe = new AtomicLong();

    public KafkaCircuit(long probeEveryMs) {
        this.probeEveryNanos = probeEveryMs * 1_000_000L;
    }

    /** @return null when a request may be sent, else the failure that keeps the circuit open */
    public Delivery admit() {
        Delivery open = openedBy.get();
        if (open == null) {
            return null;
        }
        long now = System.nanoTime();
        long last = lastProbe.get();
        if (now - last >= probeEveryNanos && lastProbe.compareAndSet(last, now)) {
            return null; // this request is the probe
        }
        return open;
    }

    public void onDelivery(Delivery d) {
        if (d.acknowledged()) {
            openedBy.set(null);
        } else if (openedBy.getAndSet(d) == null) {
            lastProbe.set(System.nanoTime());
        }
    }

    public boolean isOpen() {
        return openedBy.get() != null;
    }

    /** The failure that opened the circuit, or null. */
    public Delivery openedBy() {
        return openedBy.get();
    }
}
