package dev.agentwatch.window;

import java.util.Arrays;

/**
 * Slice start -> the agents with a non-empty slice there and those slices, for the slices still in memory.
 * The pairs spare each tick a search of the agent's slices. A circular array
 * indexed by slice number: the live starts form a short contiguous run (the longest window plus the grace
 * period), so lookups and the per-tick range scans are array walks with no boxing, where a sorted map paid a
 * tree descent and a boxed key per new slice.
 */
final class SliceCalendar {

    /** Visits one agent's slice. */
    interface SliceVisitor {
        void visit(long sliceStart, AgentWindows agent, SliceAggregate slice);
    }

    /** The agents with a slice at one start, and their slices, in parallel arrays. */
    private static final class Day {
        AgentWindows[] agents = new AgentWindows[4];
        SliceAggregate[] slices = new SliceAggregate[4];
        int size;

        void add(AgentWindows a, SliceAggregate s) {
            if (size == agents.length) {
                agents = Arrays.copyOf(agents, size * 2);
                slices = Arrays.copyOf(slices, size * 2);
            }
            agents[size] = a;
            slices[size] = s;
            size++;
        }

        void visit(long start, SliceVisitor visitor) {
            for (int i = 0; i < size; i++) {
                visitor.visit(start, agents[i], slices[i]);
            }
        }

        void clear() {
            Arrays.fill(agents, 0, size, null);
            Arrays.fill(slices, 0, size, null);
            size = 0;
        }
    }

    private final long sliceMs;
    private Day[] days;
    private long low = 1;  // slice number of the oldest live slot; low > high when empty
    private long high;

    SliceCalendar(long sliceMs, int initialSlots) {
        this.sliceMs = sliceMs;
        this.days = new Day[Integer.highestOneBit(Math.max(4, initialSlots - 1)) << 1];
    }

    boolean isEmpty() {
        return low > high;
    }

    /** Start of the oldest slice held; only when not empty. */
    long oldestStart() {
        return low * sliceMs;
    }

    void add(long sliceStart, AgentWindows agent, SliceAggregate slice) {
        long n = Math.floorDiv(sliceStart, sliceMs);
        if (isEmpty()) {
            low = n;
            high = n;
        } else if (n < low) {
            ensureSpan(high - n + 1);
            low = n;
        } else if (n > high) {
            ensureSpan(n - low + 1);
            high = n;
        }
        int slot = slot(n);
        Day day = days[slot];
        if (day == null) {
            day = new Day();
            days[slot] = day;
        }
        day.add(agent, slice);
    }

    /** Visits, oldest first, the slices with {@code from <= start < to}. */
    void forEach(long from, long to, SliceVisitor visitor) {
        if (isEmpty()) {
            return;
        }
        long first = from <= oldestStart() ? low : ceilDiv(from, sliceMs);
        long last = Math.min(high, ceilDiv(to, sliceMs) - 1);
        for (long n = first; n <= last; n++) {
            Day day = days[slot(n)];
            if (day != null) {
                day.visit(n * sliceMs, visitor);
            }
        }
    }

    /** Removes, oldest first, every slice starting before {@code before}, visiting each first. */
    void pollBefore(long before, SliceVisitor visitor) {
        while (!isEmpty() && low * sliceMs < before) {
            Day day = days[slot(low)];
            if (day != null) {
                day.visit(low * sliceMs, visitor);
                day.clear(); // kept for reuse by a later slice number landing on this slot
            }
            low++;
        }
    }

    private int slot(long n) {
        return (int) (n & (days.length - 1));
    }

    private void ensureSpan(long span) {
        if (span <= days.length) {
            return;
        }
        if (span > (1 << 24)) {
            throw new IllegalStateException("slices in memory span " + span + " slices of " + sliceMs
                    + " ms; the engine evicts before that");
        }
        int size = days.length;
        while (size < span) {
            size <<= 1;
        }
        Day[] grown = new Day[size];
        for (long n = low; n <= high; n++) {
            grown[(int) (n & (size - 1))] = days[slot(n)];
        }
        days = grown;
    }

    private static long ceilDiv(long a, long b) {
        return -Math.floorDiv(-a, b);
    }
}
