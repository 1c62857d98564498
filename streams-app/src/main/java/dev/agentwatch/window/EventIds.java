package dev.agentwatch.window;

import dev.agentwatch.ids.EventIdHash;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * The 64-bit hashes ({@link EventIdHash}) of the event_ids a slice took, so that a producer's retry of an event
 * (same event_id, same timestamp, so the same slice) counts once. A sorted array: 8 bytes an event, where a hash
 * table would spend two to three times that on the mostly small sets of one agent's slice. Inserting shifts the
 * larger hashes up, which is cheap at the tens of ids a slice usually holds.
 *
 * <p>Bounded: past {@link #MAX_IDS} a slice stops remembering ids (the events still count, uncheckable for
 * duplicates; {@link #unremembered()} says how many), so one agent's burst cannot grow its state without limit.
 */
public final class EventIds {

    /** 8,192 ids in one 10 s slice is 819 events/s from one agent. */
    public static final int MAX_IDS = 8_192;
    private static final long[] NONE = new long[0];
    private static final int INITIAL_CAPACITY = 4;

    private long[] ids = NONE;
    private int size;
    private long unremembered;

    EventIds() {
    }

    public int size() {
        return size;
    }

    /** Events taken after the set was full, whose ids were not remembered. */
    public long unremembered() {
        return unremembered;
    }

    boolean isEmpty() {
        return size == 0 && unremembered == 0;
    }

    public boolean contains(long hash) {
        return Arrays.binarySearch(ids, 0, size, hash) >= 0;
    }

    /**
     * Remembers {@code hash}.
     *
     * @return false if it was already there (a duplicate); true otherwise, also when the set is full
     */
    boolean add(long hash) {
        int at = Arrays.binarySearch(ids, 0, size, hash);
        if (at >= 0) {
            return false;
        }
        if (size == MAX_IDS) {
            unremembered++;
            return true;
        }
        at = -at - 1;
        if (size == ids.length) {
            ids = Arrays.copyOf(ids, Math.min(MAX_IDS, Math.max(INITIAL_CAPACITY, size + (size >> 1))));
        }
        System.arraycopy(ids, at, ids, at + 1, size - at);
        ids[at] = hash;
        size++;
        return true;
    }

    void clear() {
        size = 0;
        unremembered = 0;
    }

    /** Empties the set for reuse, dropping an array longer than {@code capacity}. */
    void clearAndTrim(int capacity) {
        clear();
        if (ids.length > capacity) {
            ids = NONE;
        }
    }

    // ---------------------------------------------------------------- codec: count, unremembered, hashes

    int encodedSize() {
        return WireFormat.varLongSize(size) + WireFormat.varLongSize(unremembered) + 8 * size;
    }

    void encode(ByteBuffer out) {
        WireFormat.putVarLong(out, size);
        WireFormat.putVarLong(out, unremembered);
        for (int i = 0; i < size; i++) {
            out.putLong(ids[i]);
        }
    }

    void readFrom(ByteBuffer in) {
        clear();
        int n = WireFormat.getCount(in, MAX_IDS, "event id count");
        unremembered = WireFormat.getNonNegativeLong(in, "unremembered event ids");
        if (ids.length < n) {
            ids = new long[n];
        }
        long previous = 0;
        for (int i = 0; i < n; i++) {
            long h = in.getLong();
            if (i > 0 && h <= previous) {
                throw new IllegalArgumentException("corrupt event ids: not ascending at " + i);
            }
            ids[i] = h;
            previous = h;
        }
        size = n;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EventIds e && unremembered == e.unremembered
                && Arrays.equals(ids, 0, size, e.ids, 0, e.size);
    }

    @Override
    public int hashCode() {
        return size;
    }

    @Override
    public String toString() {
        return size + " ids" + (unremembered > 0 ? " (+" + unremembered + " unremembered)" : "");
    }
}
