package dev.agentwatch.window;

import java.util.Arrays;

/**
 * The counts, weighted sums and maxima of every {@link FieldGroup} of one slice or window, in two flat
 * arrays: an object per group would cost each slice about 250 bytes more, and an instance holds millions.
 *
 * <p>A group whose count falls to 0 on {@link #subtract} is reset to exactly 0 (and its maximum to NaN), so
 * float residue never becomes a phantom value. Maxima are NaN until a value is seen; {@link #merge} and
 * {@link #subtract} leave them alone, {@link #mergeMaxima} folds them (see {@link SliceAggregate}).
 *
 * <p>Not thread-safe; the per-event {@code add} methods allocate nothing.
 */
final class WeightedSums {

    /** Raw counts by {@link FieldGroup#ordinal()}. */
    final long[] counts = new long[FieldGroup.ALL.length];
    /** Sums and maxima by slot ({@link FieldGroup#first} to {@link FieldGroup#end}). */
    final double[] slots = new double[FieldGroup.SLOTS];

    WeightedSums() {
        resetMaxima();
    }

    /** One more event of weight {@code w}: the group's count and, if weighted, its weight. */
    void add(FieldGroup g, double w) {
        counts[g.ordinal()]++;
        if (g.weighted) {
            slots[g.first] += w;
        }
    }

    /** One more event in a one-valued group; a group keeping a maximum takes the value for it. */
    void add(FieldGroup g, double w, double value) {
        assert g.values == 1 : g;
        add(g, w);
        slots[g.firstValue] += w * value;
        if (g.hasMax()) {
            offerMax(g, value);
        }
    }

    /** One more event in a two-valued group; a group keeping a maximum takes the values' total for it. */
    void add(FieldGroup g, double w, double value, double second) {
        assert g.values == 2 : g;
        add(g, w);
        slots[g.firstValue] += w * value;
        slots[g.firstValue + 1] += w * second;
        if (g.hasMax()) {
            offerMax(g, value + second);
        }
    }

    private void offerMax(FieldGroup g, double value) {
        slots[g.maxSlot] = Sums.max(slots[g.maxSlot], value);
    }

    long count(FieldGroup g) {
        return counts[g.ordinal()];
    }

    double weight(FieldGroup g) {
        assert g.weighted : g;
        return slots[g.first];
    }

    /** The group's only value sum. */
    double sum(FieldGroup g) {
        return sum(g, 0);
    }

    /** The group's {@code i}-th value sum (after the weight). */
    double sum(FieldGroup g, int i) {
        assert i < g.values : g;
        return slots[g.firstValue + i];
    }

    /** Largest value seen; NaN if none, or if the group keeps no maximum. */
    double max(FieldGroup g) {
        return g.hasMax() ? slots[g.maxSlot] : Double.NaN;
    }

    /** The group has events, or a maximum folded in without them ({@link #mergeMaxima}). */
    boolean isPresent(FieldGroup g) {
        return count(g) != 0 || max(g) == max(g);
    }

    /** Adds {@code other}'s counts and sums, not its maxima. */
    void merge(WeightedSums other) {
        for (FieldGroup g : FieldGroup.ALL) {
            counts[g.ordinal()] += other.counts[g.ordinal()];
            for (int i = g.first; i < g.sumsEnd; i++) {
                slots[i] += other.slots[i];
            }
        }
    }

    /**
     * Removes {@code other}, which was merged before, group by group; false if no event is left at all, in
     * which case everything is exactly empty.
     */
    boolean subtract(WeightedSums other) {
        if (!subtract(FieldGroup.REQUESTS, other)) {
            clear();
            return false;
        }
        for (FieldGroup g : FieldGroup.ALL) {
            if (g != FieldGroup.REQUESTS) {
                subtract(g, other);
            }
        }
        return true;
    }

    /**
     * Removes group {@code g} of {@code other}, which was merged before; false if no event of {@code g} is
     * left, in which case the group is exactly empty.
     */
    boolean subtract(FieldGroup g, WeightedSums other) {
        int c = g.ordinal();
        counts[c] -= other.counts[c];
        if (counts[c] <= 0) {
            clear(g);
            return false;
        }
        for (int i = g.first; i < g.sumsEnd; i++) {
            slots[i] = Sums.subtractNonNegative(slots[i], other.slots[i]);
        }
        return true;
    }

    void mergeMaxima(WeightedSums other) {
        for (FieldGroup g : FieldGroup.ALL) {
            if (g.hasMax()) {
                offerMax(g, other.slots[g.maxSlot]);
            }
        }
    }

    void resetMaxima() {
        for (FieldGroup g : FieldGroup.ALL) {
            if (g.hasMax()) {
                slots[g.maxSlot] = Double.NaN;
            }
        }
    }

    void clear(FieldGroup g) {
        counts[g.ordinal()] = 0;
        Arrays.fill(slots, g.first, g.sumsEnd, 0.0);
        if (g.hasMax()) {
            slots[g.maxSlot] = Double.NaN;
        }
    }

    void clear() {
        Arrays.fill(counts, 0);
        Arrays.fill(slots, 0.0);
        resetMaxima();
    }

    /** Same counts, and same sums and maxima with NaN equal to NaN and -0.0 to 0.0 ({@link Sums#same}). */
    @Override
    public boolean equals(Object o) {
        if (!(o instanceof WeightedSums s) || !Arrays.equals(counts, s.counts)) {
            return false;
        }
        for (int i = 0; i < slots.length; i++) {
            if (!Sums.same(slots[i], s.slots[i])) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        int h = Arrays.hashCode(counts);
        for (double v : slots) {
            h = 31 * h + Sums.hash(v);
        }
        return h;
    }
}
