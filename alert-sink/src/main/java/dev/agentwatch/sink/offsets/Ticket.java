package dev.agentwatch.sink.offsets;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * The obligation one consumed record leaves behind: it is done when every notification that carries it was
 * delivered or parked. Stages that still owe something for the record take a hold; the record's offset may be
 * committed only once the last hold is released. Thread-safe: delivery threads release holds.
 */
public final class Ticket {

    private final PartitionOffsets owner;
    private final long offset;
    /** Starts at one: the hold of the stage processing the record right now. */
    private final AtomicInteger holds = new AtomicInteger(1);

    Ticket(PartitionOffsets owner, long offset) {
        this.owner = owner;
        this.offset = offset;
    }

    public long offset() {
        return offset;
    }

    public void hold() {
        if (holds.getAndIncrement() <= 0) {
            throw new IllegalStateException("ticket for offset " + offset + " was already done");
        }
    }

    public void release() {
        int left = holds.decrementAndGet();
        if (left == 0 && owner != null) {
            owner.finished(offset);
        } else if (left < 0) {
            throw new IllegalStateException("ticket for offset " + offset + " released more often than held");
        }
    }

}
