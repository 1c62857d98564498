package dev.agentwatch.window;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Per-name aggregates of an event's custom {@code metrics} map within one slice or window: raw count,
 * weight, weighted sum and max, in small parallel arrays (a linear scan over a few short names beats a
 * hash map and allocates nothing per event). Names are interned when first stored, so a resolved
 * {@link MetricRef} finds them by identity.
 *
 * <p>At most {@value #MAX_NAMES} distinct names are kept; observations of further names are counted in
 * {@link #droppedCount()} / {@link #droppedWeight()} and otherwise ignored. When a window merges slices
 * whose names together exceed the cap, the overflowing names are dropped for that window; after older
 * slices are subtracted and their names disappear, a dropped name can enter again, and its window value
 * then misses what was dropped earlier (values near the cap are approximate).
 *
 * <p>Mutated only through {@link SliceAggregate}; the getters are for metric evaluation and alerts.
 */
public final class CustomMetrics {

    public static final int MAX_NAMES = 32;
    private static final int INITIAL_CAPACITY = 4;
    private static final String[] NO_NAMES = new String[0];
    private static final long[] NO_LONGS = new long[0];
    private static final double[] NO_DOUBLES = new double[0];

    // Empty until the first custom metric: most slices and windows never see one, and there are millions.
    private String[] names = NO_NAMES;
    private long[] counts = NO_LONGS;
    private double[] weights = NO_DOUBLES;
    private double[] sums = NO_DOUBLES;
    private double[] maxima = NO_DOUBLES;
    private int size;
    private long droppedCount;
    private double droppedWeight;

    CustomMetrics() {
    }

    public int size() {
        return size;
    }

    public boolean isEmpty() {
        return size == 0 && droppedCount == 0;
    }

    /** Index of {@code name}, or -1. String.equals tests identity first, so interned names match at once. */
    public int indexOf(String name) {
        for (int i = 0; i < size; i++) {
            if (names[i].equals(name)) {
                return i;
            }
        }
        return -1;
    }

    public String name(int i) {
        check(i);
        return names[i];
    }

    /** Events (unweighted) that reported the metric. */
    public long count(int i) {
        check(i);
        return counts[i];
    }

    /** Sum of the weights of the events that reported the metric. */
    public double weight(int i) {
        check(i);
        return weights[i];
    }

    /** Weighted sum: sum of weight * value. */
    public double sum(int i) {
        check(i);
        return sums[i];
    }

    /** Largest value seen, NaN after {@link SliceAggregate#resetMaxima()} until maxima are merged in. */
    public double max(int i) {
        check(i);
        return maxima[i];
    }

    /** Weighted mean. */
    public double mean(int i) {
        check(i);
        return sums[i] / weights[i];
    }

    /** Observations (unweighted) dropped because {@value #MAX_NAMES} names were already held. */
    public long droppedCount() {
        return droppedCount;
    }

    public double droppedWeight() {
        return droppedWeight;
    }

    private void check(int i) {
        if (i < 0 || i >= size) {
            throw new IndexOutOfBoundsException("custom metric index " + i + " of " + size);
        }
    }

    void add(String name, double value, double weight) {
        int i = indexOf(name);
        if (i < 0) {
            if (size == MAX_NAMES) {
                droppedCount++;
                droppedWeight += weight;
                return;
            }
            i = append(name.intern());
        }
        counts[i]++;
        weights[i] += weight;
        sums[i] += weight * value;
        maxima[i] = Sums.max(maxima[i], value);
    }

    private int append(String internedName) {
        if (size == names.length) {
            int n = Math.min(MAX_NAMES, Math.max(INITIAL_CAPACITY, size * 2));
            names = Arrays.copyOf(names, n);
            counts = Arrays.copyOf(counts, n);
            weights = Arrays.copyOf(weights, n);
            sums = Arrays.copyOf(sums, n);
            maxima = Arrays.copyOf(maxima, n);
        }
        int i = size++;
        names[i] = internedName;
        counts[i] = 0;
        weights[i] = 0;
        sums[i] = 0;
        maxima[i] = Double.NaN;
        return i;
    }

    /** Swap-remove: order carries no meaning. */
    private void remove(int i) {
        int last = --size;
        names[i] = names[last];
        counts[i] = counts[last];
        weights[i] = weights[last];
        sums[i] = sums[last];
        maxima[i] = maxima[last];
        names[last] = null;
    }

    void merge(CustomMetrics other) {
        for (int j = 0; j < other.size; j++) {
            int i = indexOf(other.names[j]);
            if (i < 0) {
                if (size == MAX_NAMES) {
                    droppedCount += other.counts[j];
                    droppedWeight += other.weights[j];
                    continue;
                }
                i = append(other.names[j]);
            }
            counts[i] += other.counts[j];
            weights[i] += other.weights[j];
            sums[i] += other.sums[j];
            maxima[i] = Sums.max(maxima[i], other.maxima[j]);
        }
        droppedCount += other.droppedCount;
        droppedWeight += other.droppedWeight;
    }

    /** Removes {@code other}'s contribution; a name whose count reaches 0 disappears. Maxima are kept. */
    void subtract(CustomMetrics other) {
        for (int j = 0; j < other.size; j++) {
            int i = indexOf(other.names[j]);
            if (i < 0) { // the window had dropped it
                subtractDropped(other.counts[j], other.weights[j]);
                continue;
            }
            counts[i] -= other.counts[j];
            if (counts[i] <= 0) {
                remove(i);
            } else {
                weights[i] = Sums.subtractNonNegative(weights[i], other.weights[j]);
                sums[i] -= other.sums[j]; // values may be negative: no clamp, residue goes with the name
            }
        }
        subtractDropped(other.droppedCount, other.droppedWeight);
    }

    private void subtractDropped(long count, double weight) {
        droppedCount -= count;
        if (droppedCount <= 0) {
            droppedCount = 0;
            droppedWeight = 0;
        } else {
            droppedWeight = Sums.subtractNonNegative(droppedWeight, weight);
        }
    }

    void resetMaxima() {
        Arrays.fill(maxima, 0, size, Double.NaN);
    }

    /** Folds in {@code other}'s maxima for the names this table holds. */
    void mergeMaxima(CustomMetrics other) {
        for (int j = 0; j < other.size; j++) {
            int i = indexOf(other.names[j]);
            if (i >= 0) {
                maxima[i] = Sums.max(maxima[i], other.maxima[j]);
            }
        }
    }

    void clear() {
        Arrays.fill(names, 0, size, null);
        size = 0;
        droppedCount = 0;
        droppedWeight = 0;
    }

    void copyFrom(CustomMetrics other) {
        clear();
        merge(other);
    }

    // ---------------------------------------------------------------- codec

    int encodedSize() {
        int n = WireFormat.varLongSize(size);
        for (int i = 0; i < size; i++) {
            n += WireFormat.stringSize(names[i]) + WireFormat.varLongSize(counts[i])
                    + WireFormat.compactDoubleSize(weights[i]) + WireFormat.compactDoubleSize(sums[i])
                    + WireFormat.compactDoubleSize(maxima[i]);
        }
        return n + WireFormat.varLongSize(droppedCount) + WireFormat.compactDoubleSize(droppedWeight);
    }

    void encode(ByteBuffer out) {
        WireFormat.putVarLong(out, size);
        for (int i = 0; i < size; i++) {
            WireFormat.putString(out, names[i]);
            WireFormat.putVarLong(out, counts[i]);
            WireFormat.putCompactDouble(out, weights[i]);
            WireFormat.putCompactDouble(out, sums[i]);
            WireFormat.putCompactDouble(out, maxima[i]);
        }
        WireFormat.putVarLong(out, droppedCount);
        WireFormat.putCompactDouble(out, droppedWeight);
    }

    void readFrom(ByteBuffer in) {
        clear();
        int n = WireFormat.getCount(in, MAX_NAMES, "custom metric count");
        for (int k = 0; k < n; k++) {
            String name = WireFormat.getString(in);
            if (name == null || indexOf(name) >= 0) {
                throw new IllegalArgumentException("corrupt custom metric name " + name);
            }
            int i = append(name.intern());
            counts[i] = WireFormat.getNonNegativeLong(in, "custom metric count");
            weights[i] = WireFormat.getCompactDouble(in);
            sums[i] = WireFormat.getCompactDouble(in);
            maxima[i] = WireFormat.getCompactDouble(in);
        }
        droppedCount = WireFormat.getNonNegativeLong(in, "dropped custom metric count");
        droppedWeight = WireFormat.getCompactDouble(in);
    }

    // ---------------------------------------------------------------- equality

    /** Same names with the same values, in any order. */
    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof CustomMetrics)) {
            return false;
        }
        CustomMetrics c = (CustomMetrics) o;
        if (size != c.size || droppedCount != c.droppedCount || !Sums.same(droppedWeight, c.droppedWeight)) {
            return false;
        }
        for (int i = 0; i < size; i++) {
            int j = c.indexOf(names[i]);
            if (j < 0 || counts[i] != c.counts[j] || !Sums.same(weights[i], c.weights[j])
                    || !Sums.same(sums[i], c.sums[j]) || !Sums.same(maxima[i], c.maxima[j])) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        int h = Long.hashCode(droppedCount);
        for (int i = 0; i < size; i++) {
            h += names[i].hashCode() ^ Long.hashCode(counts[i]) ^ Sums.hash(sums[i]); // order-independent
        }
        return h;
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("{");
        for (int i = 0; i < size; i++) {
            if (i > 0) {
                b.append(", ");
            }
            b.append(names[i]).append(": n=").append(counts[i]).append(" w=").append(weights[i])
                    .append(" sum=").append(sums[i]).append(" max=").append(maxima[i]);
        }
        if (droppedCount > 0) {
            b.append(size > 0 ? ", " : "").append("dropped=").append(droppedCount);
        }
        return b.append('}').toString();
    }
}
