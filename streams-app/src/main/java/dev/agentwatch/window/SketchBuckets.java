package dev.agentwatch.window;

import java.util.Arrays;

/**
 * The weights a {@link QuantileSketch} holds: its zero bucket, its total, and its log-spaced buckets in one
 * dense array over a sliding range of bucket indices, at most {@link #maxBuckets} wide, collapsing the lowest
 * buckets when a value would widen it further (the sketch's class doc says what that costs in accuracy).
 *
 * <p>A base class rather than a field of the sketch so that the per-event {@code add} reaches the array with
 * no extra object load. The fields are package-private for the sketch and its codec, which read and write
 * the array directly in their loops; the range invariants below are kept by the methods of this class.
 */
abstract class SketchBuckets {

    // Most slice sketches hold a handful of values: start small, double as the range grows.
    private static final int INITIAL_CAPACITY = 8;
    private static final double[] NO_COUNTS = new double[0];

    int maxBuckets;
    /** Weight of bucket {@code i} at {@code counts[i - offset]}; 0 everywhere outside [minIndex, maxIndex]. */
    double[] counts = NO_COUNTS;
    int offset; // bucket index of counts[0]
    // Bucket range holding weight; both ends non-zero. Empty: minIndex > maxIndex.
    int minIndex = Integer.MAX_VALUE;
    int maxIndex = Integer.MIN_VALUE;
    // After a collapse, the lowest bucket index values may use; Integer.MIN_VALUE if never collapsed.
    int floor = Integer.MIN_VALUE;
    double zeroCount;
    double totalWeight;

    SketchBuckets() {
    }

    /** Empties every bucket and forgets the collapse, keeping the array for reuse. */
    final void clearWeights() {
        if (minIndex <= maxIndex) {
            Arrays.fill(counts, minIndex - offset, maxIndex - offset + 1, 0.0);
        }
        minIndex = Integer.MAX_VALUE;
        maxIndex = Integer.MIN_VALUE;
        floor = Integer.MIN_VALUE;
        zeroCount = 0;
        totalWeight = 0;
    }

    /** Gives up the array (call on empty buckets only); the next value allocates a small one again. */
    final void releaseArray() {
        counts = NO_COUNTS;
        offset = 0;
    }

    /** Drops empty buckets at both ends; an empty sketch sheds any float drift of its total. */
    final void trimEnds() {
        while (minIndex <= maxIndex && counts[minIndex - offset] == 0) {
            minIndex++;
        }
        while (maxIndex >= minIndex && counts[maxIndex - offset] == 0) {
            maxIndex--;
        }
        if (minIndex > maxIndex) {
            minIndex = Integer.MAX_VALUE;
            maxIndex = Integer.MIN_VALUE;
            totalWeight = zeroCount;
        }
        if (totalWeight == 0) {
            floor = Integer.MIN_VALUE; // nothing left that was collapsed
        }
    }

    /**
     * Makes buckets {@code lo..hi} addressable and part of the range, collapsing the lowest buckets if the
     * range would exceed the cap. Afterwards indices below {@link #floor} must be raised to it.
     */
    final void reserve(int lo, int hi) {
        boolean empty = minIndex > maxIndex;
        int newLo = Math.max(empty ? lo : Math.min(minIndex, lo), floor);
        int newHi = Math.max(empty ? hi : Math.max(maxIndex, hi), floor);
        if ((long) newHi - newLo + 1 > maxBuckets) {
            int keepFrom = newHi - maxBuckets + 1;
            double moved = 0;
            if (!empty) {
                for (int j = minIndex; j < keepFrom && j <= maxIndex; j++) {
                    moved += counts[j - offset];
                    counts[j - offset] = 0;
                }
                if (maxIndex < keepFrom) { // everything old sits below the new range
                    minIndex = Integer.MAX_VALUE;
                    maxIndex = Integer.MIN_VALUE;
                } else {
                    minIndex = Math.max(minIndex, keepFrom);
                }
            }
            floor = keepFrom;
            newLo = keepFrom;
            ensureCapacity(newLo, newHi);
            counts[keepFrom - offset] += moved;
        } else {
            ensureCapacity(newLo, newHi);
        }
        minIndex = newLo;
        maxIndex = newHi;
    }

    /** Makes these weights an exact copy of {@code other}'s (the caller has emptied them and matched the cap). */
    final void copyWeights(SketchBuckets other) {
        zeroCount = other.zeroCount;
        totalWeight = other.totalWeight;
        floor = other.floor;
        if (other.minIndex <= other.maxIndex) {
            ensureCapacity(other.minIndex, other.maxIndex);
            System.arraycopy(other.counts, other.minIndex - other.offset, counts, other.minIndex - offset,
                    other.maxIndex - other.minIndex + 1);
            minIndex = other.minIndex;
            maxIndex = other.maxIndex;
        }
    }

    /**
     * Sets bucket {@code index} of a range being read in ascending order from {@code lo}, which the caller
     * has checked against the cap.
     */
    final void putRead(int lo, int index, double weight) {
        ensureCapacity(lo, index);
        minIndex = lo;
        maxIndex = index;
        counts[index - offset] = weight;
    }

    /** The weights a read leaves, once its buckets are in place. */
    final void restoreWeights(double zero, int collapseFloor, double total) {
        zeroCount = zero;
        floor = collapseFloor;
        totalWeight = total;
    }

    /** Re-centres or grows the array so that it covers {@code lo..hi} and the current range. */
    final void ensureCapacity(int lo, int hi) {
        if (minIndex <= maxIndex) {
            lo = Math.min(lo, minIndex);
            hi = Math.max(hi, maxIndex);
        }
        if (lo >= offset && (long) hi < (long) offset + counts.length) {
            return;
        }
        int span = hi - lo + 1;
        int length = counts.length;
        if (length < span) {
            length = Math.max(span, Math.min(maxBuckets, Math.max(INITIAL_CAPACITY, 2 * length)));
        }
        int newOffset = lo - (length - span) / 2; // slack on both sides: ranges drift either way
        if (length == counts.length) {
            // Counts outside [minIndex, maxIndex] are always 0, so only the part of the old range that the
            // move does not overwrite needs zeroing (and nothing when empty): a recycled slice re-centres often.
            if (minIndex <= maxIndex) {
                int from = minIndex - offset;
                int to = minIndex - newOffset;
                int n = maxIndex - minIndex + 1;
                System.arraycopy(counts, from, counts, to, n);
                if (to > from) {
                    Arrays.fill(counts, from, Math.min(to, from + n), 0.0);
                } else if (to < from) {
                    Arrays.fill(counts, Math.max(to + n, from), from + n, 0.0);
                }
            }
        } else {
            double[] next = new double[length];
            if (minIndex <= maxIndex) {
                System.arraycopy(counts, minIndex - offset, next, minIndex - newOffset, maxIndex - minIndex + 1);
            }
            counts = next;
        }
        offset = newOffset;
    }
}
