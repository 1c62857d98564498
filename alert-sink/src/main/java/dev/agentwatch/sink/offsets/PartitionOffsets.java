package dev.agentwatch.sink.offsets;

import java.util.TreeSet;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The offsets of one assigned partition that are consumed but not yet done. The position that may be committed
 * is the lowest of them (or the next offset when none is pending): the consumer restarts there and so sees
 * again every record whose notification had not been delivered or parked.
 *
 * <p>{@link #track}, {@link #drain} and the read methods belong to the consumer thread; tickets may finish on any
 * thread and are queued until the next {@link #drain}.
 */
public final class PartitionOffsets {

    private final int partition;
    private final DoneRanges doneBefore;
    private final TreeSet<Long> pending = new TreeSet<>();
    private final ConcurrentLinkedQueue<Long> finished = new ConcurrentLinkedQueue<>();
    private long next = -1;
    /** {@link #commitMetadata()} until pending or next change: the consumer loop asks every turn. */
    private String metadata;

    /** @param doneBefore offsets an earlier owner already finished (from the committed metadata) */
    public PartitionOffsets(int partition, DoneRanges doneBefore) {
        this.partition = partition;
        this.doneBefore = doneBefore;
    }

    public int partition() {
        return partition;
    }

    /** True when an earlier owner of this partition already delivered the record at {@code offset}. */
    public boolean doneBefore(long offset) {
        return doneBefore.contains(offset);
    }

    /** A ticket for a record just consumed; it holds the offset until released. */
    public Ticket track(long offset) {
        pending.add(offset);
        next = Math.max(next, offset + 1);
        metadata = null;
        return new Ticket(this, offset);
    }

    /** Records an offset seen but with nothing owed (already done before a restart). */
    public void skip(long offset) {
        next = Math.max(next, offset + 1);
        metadata = null;
    }

    void finished(long offset) {
        finished.add(offset);
    }

    /** Applies the tickets finished since the last call; returns whether anything changed. */
    public boolean drain() {
        boolean changed = false;
        for (Long o; (o = finished.poll()) != null; ) {
            changed |= pending.remove(o);
        }
        if (changed) {
            metadata = null;
        }
        return changed;
    }

    /** -1 when nothing was seen yet. */
    public long commitPosition() {
        if (next < 0) {
            return -1;
        }
        return pending.isEmpty() ? next : pending.first();
    }

    /** The done offsets above {@link #commitPosition()}, for the commit's metadata. */
    public String commitMetadata() {
        if (metadata == null) {
            long base = commitPosition();
            metadata = base < 0 ? "" : DoneRanges.encode(base, pending, next);
        }
        return metadata;
    }

    public int pendingCount() {
        return pending.size();
    }
}
