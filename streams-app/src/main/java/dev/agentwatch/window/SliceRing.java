package dev.agentwatch.window;

/**
 * One agent's recent non-empty slices in time order, as parallel arrays used as a circular buffer. Sparse
 * on purpose: an agent that sends one event a minute holds one slice a minute, not six. Inserts are almost
 * always at the end (in-order events) or near it (late events within the grace period).
 */
final class SliceRing {

    private long[] starts = new long[4];
    private SliceAggregate[] slices = new SliceAggregate[4];
    private int head;
    private int size;

    int size() {
        return size;
    }

    long startAt(int i) {
        return starts[(head + i) & (starts.length - 1)];
    }

    SliceAggregate sliceAt(int i) {
        return slices[(head + i) & (slices.length - 1)];
    }

    /**
     * The slice starting at {@code start}, or null. Searches from the nearer end: events hit the newest
     * slices, window exits and evictions the oldest.
     */
    SliceAggregate get(long start) {
        if (size > 2 && start - startAt(0) < startAt(size - 1) - start) {
            for (int i = 0; i < size; i++) {
                long s = startAt(i);
                if (s == start) {
                    return sliceAt(i);
                }
                if (s > start) {
                    return null;
                }
            }
            return null;
        }
        for (int i = size - 1; i >= 0; i--) {
            long s = startAt(i);
            if (s == start) {
                return sliceAt(i);
            }
            if (s < start) {
                return null;
            }
        }
        return null;
    }

    /** Inserts a slice that is not present yet, keeping time order. */
    void insert(long start, SliceAggregate slice) {
        if (size == starts.length) {
            grow();
        }
        int i = size;
        while (i > 0 && startAt(i - 1) > start) {
            int to = (head + i) & (starts.length - 1);
            int from = (head + i - 1) & (starts.length - 1);
            starts[to] = starts[from];
            slices[to] = slices[from];
            i--;
        }
        int at = (head + i) & (starts.length - 1);
        starts[at] = start;
        slices[at] = slice;
        size++;
    }

    /** Removes and returns the oldest slice; {@link #oldestStart()} must be checked first. */
    SliceAggregate removeOldest() {
        SliceAggregate s = slices[head];
        slices[head] = null;
        head = (head + 1) & (starts.length - 1);
        size--;
        return s;
    }

    long oldestStart() {
        return starts[head];
    }

    private void grow() {
        int n = starts.length * 2;
        long[] ns = new long[n];
        SliceAggregate[] na = new SliceAggregate[n];
        for (int i = 0; i < size; i++) {
            ns[i] = startAt(i);
            na[i] = sliceAt(i);
        }
        starts = ns;
        slices = na;
        head = 0;
    }
}
