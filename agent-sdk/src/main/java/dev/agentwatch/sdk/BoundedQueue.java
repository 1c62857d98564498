package dev.agentwatch.sdk;

import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The queue between the agent's threads and the exporter: lock-free, so {@link #offer} never waits for a
 * descheduled thread holding a lock (ArrayBlockingQueue's offer takes the lock its consumer holds while draining);
 * bounded by a counter reserved before the element is added.
 */
final class BoundedQueue<E> {

    private final ConcurrentLinkedQueue<E> items = new ConcurrentLinkedQueue<>();
    private final AtomicInteger size = new AtomicInteger();
    private final int capacity;

    BoundedQueue(int capacity) {
        this.capacity = capacity;
    }

    /** @return false, at once, when the queue is full */
    boolean offer(E e) {
        if (size.incrementAndGet() > capacity) {
            size.decrementAndGet();
            return false;
        }
        items.offer(e);
        return true;
    }

    E poll() {
        E e = items.poll();
        if (e != null) {
            size.decrementAndGet();
        }
        return e;
    }

    /** Moves up to {@code max} elements into {@code into}; @return how many */
    int drainTo(List<E> into, int max) {
        int n = 0;
        E e;
        while (n < max && (e = poll()) != null) {
            into.add(e);
            n++;
        }
        return n;
    }

    /** Elements reserved or present; may count one being added right now. */
    int size() {
        return size.get();
    }

    boolean isEmpty() {
        return items.isEmpty();
    }
}
