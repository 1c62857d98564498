package dev.agentwatch.window;

import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * The newest {@value #CAPACITY} (event_id, trace_id) pairs by event timestamp, for the {@code evidence}
 * field of an alert. Kept sorted by timestamp in fixed arrays, so adding costs a few compares and no
 * allocation; among equal timestamps the later arrival counts as newer. Index 0 of the getters is the
 * newest entry.
 *
 * <p>Not subtractable in general: subtracting a slice removes exactly its entries, which can leave fewer
 * than {@value #CAPACITY} although older slices still in the window hold more. The caller refills by
 * recomputing, like maxima ({@link SliceAggregate#resetMaxima()}, {@link SliceAggregate#mergeMaxima}).
 */
public final class Evidence {

    public static final int CAPACITY = 5;

    // Ascending by timestamp: slot 0 is the oldest.
    // Allocated at the first entry: running windows and emptied slices hold none, and there are millions.
    private String[] eventIds;
    private String[] traceIds;
    private long[] timestamps;
    // UTF-8 of the ids, made at the first encode of each entry: a busy slice is re-encoded on every event
    // (to persist it), and re-encoding the same strings each time was a large share of that.
    private byte[][] eventIdUtf8;
    private byte[][] traceIdUtf8;
    private int size;

    Evidence() {
    }

    public int size() {
        return size;
    }

    public boolean isEmpty() {
        return size == 0;
    }

    /** event_id of the i-th newest entry (0 = newest). */
    public String eventId(int i) {
        return eventIds[slot(i)];
    }

    /** trace_id of the i-th newest entry; null when the event had none. */
    public String traceId(int i) {
        return traceIds[slot(i)];
    }

    /** Event timestamp (epoch ms) of the i-th newest entry. */
    public long timestampMs(int i) {
        return timestamps[slot(i)];
    }

    private int slot(int i) {
        if (i < 0 || i >= size) {
            throw new IndexOutOfBoundsException("evidence index " + i + " of " + size);
        }
        return size - 1 - i;
    }

    void add(String eventId, String traceId, long timestampMs) {
        if (eventIds == null) {
            allocate();
        }
        if (size == CAPACITY) {
            if (timestampMs < timestamps[0]) {
                return; // older than everything kept
            }
            removeSlot(0);
        }
        int i = size;
        while (i > 0 && timestamps[i - 1] > timestampMs) {
            eventIds[i] = eventIds[i - 1];
            traceIds[i] = traceIds[i - 1];
            timestamps[i] = timestamps[i - 1];
            eventIdUtf8[i] = eventIdUtf8[i - 1];
            traceIdUtf8[i] = traceIdUtf8[i - 1];
            i--;
        }
        eventIds[i] = eventId;
        traceIds[i] = traceId;
        timestamps[i] = timestampMs;
        eventIdUtf8[i] = null;
        traceIdUtf8[i] = null;
        size++;
    }

    private void allocate() {
        eventIds = new String[CAPACITY];
        traceIds = new String[CAPACITY];
        timestamps = new long[CAPACITY];
        eventIdUtf8 = new byte[CAPACITY][];
        traceIdUtf8 = new byte[CAPACITY][];
    }

    private void removeSlot(int slot) {
        for (int k = slot + 1; k < size; k++) {
            eventIds[k - 1] = eventIds[k];
            traceIds[k - 1] = traceIds[k];
            timestamps[k - 1] = timestamps[k];
            eventIdUtf8[k - 1] = eventIdUtf8[k];
            traceIdUtf8[k - 1] = traceIdUtf8[k];
        }
        size--;
        eventIds[size] = null;
        traceIds[size] = null;
        eventIdUtf8[size] = null;
        traceIdUtf8[size] = null;
    }

    /** Keeps the newest entries of both; other's entries count as later arrivals on equal timestamps. */
    void merge(Evidence other) {
        for (int k = 0; k < other.size; k++) {
            add(other.eventIds[k], other.traceIds[k], other.timestamps[k]);
        }
    }

    /** Removes the entries that {@code other} holds (same timestamp, event_id and trace_id). */
    void subtract(Evidence other) {
        for (int k = 0; k < other.size; k++) {
            for (int s = size - 1; s >= 0; s--) {
                if (timestamps[s] == other.timestamps[k] && Objects.equals(eventIds[s], other.eventIds[k])
                        && Objects.equals(traceIds[s], other.traceIds[k])) {
                    removeSlot(s);
                    break;
                }
            }
        }
    }

    void clear() {
        for (int k = 0; k < size; k++) {
            eventIds[k] = null;
            traceIds[k] = null;
            eventIdUtf8[k] = null;
            traceIdUtf8[k] = null;
        }
        size = 0;
    }

    void copyFrom(Evidence other) {
        clear();
        merge(other);
    }

    // ---------------------------------------------------------------- codec: oldest first, timestamps as deltas

    int encodedSize() {
        int n = WireFormat.varLongSize(size);
        for (int k = 0; k < size; k++) {
            long t = k == 0 ? WireFormat.zigzag(timestamps[0]) : timestamps[k] - timestamps[k - 1];
            n += WireFormat.varLongSize(t) + WireFormat.bytesSize(eventUtf8(k)) + WireFormat.bytesSize(traceUtf8(k));
        }
        return n;
    }

    void encode(ByteBuffer out) {
        WireFormat.putVarLong(out, size);
        for (int k = 0; k < size; k++) {
            WireFormat.putVarLong(out, k == 0 ? WireFormat.zigzag(timestamps[0]) : timestamps[k] - timestamps[k - 1]);
            WireFormat.putBytes(out, eventUtf8(k));
            WireFormat.putBytes(out, traceUtf8(k));
        }
    }

    private byte[] eventUtf8(int k) {
        if (eventIdUtf8[k] == null && eventIds[k] != null) {
            eventIdUtf8[k] = eventIds[k].getBytes(java.nio.charset.StandardCharsets.UTF_8);
        }
        return eventIdUtf8[k];
    }

    private byte[] traceUtf8(int k) {
        if (traceIdUtf8[k] == null && traceIds[k] != null) {
            traceIdUtf8[k] = traceIds[k].getBytes(java.nio.charset.StandardCharsets.UTF_8);
        }
        return traceIdUtf8[k];
    }

    void readFrom(ByteBuffer in) {
        clear();
        int n = WireFormat.getCount(in, CAPACITY, "evidence count");
        if (n > 0 && eventIds == null) {
            allocate();
        }
        long t = 0;
        for (int k = 0; k < n; k++) {
            long v = WireFormat.getVarLong(in);
            if (k == 0) {
                t = WireFormat.unzigzag(v);
            } else if (v < 0) {
                throw new IllegalArgumentException("corrupt evidence timestamp delta " + v);
            } else {
                t += v;
            }
            timestamps[k] = t;
            eventIds[k] = WireFormat.getString(in);
            traceIds[k] = WireFormat.getString(in);
            size = k + 1;
        }
    }

    // ---------------------------------------------------------------- equality

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof Evidence)) {
            return false;
        }
        Evidence e = (Evidence) o;
        if (size != e.size) {
            return false;
        }
        for (int k = 0; k < size; k++) {
            if (timestamps[k] != e.timestamps[k] || !Objects.equals(eventIds[k], e.eventIds[k])
                    || !Objects.equals(traceIds[k], e.traceIds[k])) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        int h = size;
        for (int k = 0; k < size; k++) {
            h = h * 31 + Long.hashCode(timestamps[k]) + Objects.hashCode(eventIds[k]);
        }
        return h;
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < size; i++) {
            if (i > 0) {
                b.append(", ");
            }
            b.append(timestampMs(i)).append(' ').append(eventId(i)).append('/').append(traceId(i));
        }
        return b.append(']').toString();
    }
}
