package dev.agentwatch.window;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * A mergeable and subtractable quantile sketch with relative-error guarantees, after the DDSketch idea
 * (Masson, Rim, Lee, VLDB 2019): log-spaced buckets of ratio {@code gamma = (1 + a) / (1 - a)}; a value
 * {@code x} goes to bucket {@code i = ceil(log_gamma(x))}, which covers {@code (gamma^(i-1), gamma^i]}, and
 * is reported as {@code 2 gamma^i / (gamma + 1)}, which is within {@code a} of every value in the bucket.
 *
 * <p><b>Guarantee.</b> For a relative accuracy {@code a} (default 0.01) and any {@code q} in [0, 1], let
 * {@code x_q} be the exact rank-q value (nearest rank): the first value, in ascending order, at which the
 * cumulative weight reaches {@code q * totalWeight()} (the smallest value for q = 0; for n unweighted values
 * this is the {@code max(0, ceil(q * n) - 1)}-th smallest, 0-based, so the p95 of 20 calls is the 19th and
 * one slow call in 20 is the 5% it leaves out; a cumulative weight within one part in 10^9 of
 * {@code q * totalWeight()} counts as equal, so that a tie between ranks resolves the same way whatever
 * order fractional weights were summed in). Then {@link #quantile(double)} returns
 * {@code v} with {@code |v - x_q| <= a * x_q}, provided {@code x_q >= }{@link #MIN_INDEXABLE_VALUE}.
 * Values below that (including 0) are counted in a zero bucket and reported as 0, an absolute error
 * below {@code MIN_INDEXABLE_VALUE}. The bucket width is derived from an accuracy tightened by one part in
 * 10^7 so that float rounding at bucket edges never pushes the error past {@code a}. The guarantee holds
 * for weighted values too; weights only move ranks.
 *
 * <p><b>Bucket cap.</b> At most {@code maxBuckets} consecutive buckets are kept: by default
 * {@value #DEFAULT_MAX_BUCKETS} at a = 0.01, which spans a ratio of about 6e17 between the smallest and the
 * largest value, and for another accuracy as many as span the same ratio ({@link #defaultMaxBuckets}), so
 * real latencies, token counts and costs never reach it. When a value would widen the range beyond the
 * cap, the lowest buckets are collapsed into the lowest retained one, and later values below it land there
 * too ({@link #isCollapsed()}). Quantiles whose exact value lies in the collapsed range are then
 * over-estimated (reported as the lowest retained bucket's value); quantiles above it keep the guarantee.
 * Memory follows the range the values actually span (8 bytes a bucket), not the cap.
 *
 * <p><b>Subtraction.</b> {@link #subtract} removes a sketch that was previously merged (or the same values
 * added) bucket by bucket; results that are negative or tiny relative to the operands are float residue
 * and become 0, so a window that subtracted everything it added is exactly empty again.
 *
 * <p>Not thread-safe. {@link #add} allocates nothing once the bucket array covers the values' range.
 */
public final class QuantileSketch {

    public static final double DEFAULT_RELATIVE_ACCURACY = 0.01;
    /** Bucket cap at the default accuracy. */
    public static final int DEFAULT_MAX_BUCKETS = 2048;
    /** Smallest value with its own bucket; smaller values (including 0) count in the zero bucket. */
    public static final double MIN_INDEXABLE_VALUE = 1e-9;
    /** Accuracy bounds: below 1e-6 bucket indices of extreme doubles would overflow an int. */
    public static final double MIN_RELATIVE_ACCURACY = 1e-6;
    public static final int MIN_MAX_BUCKETS = 16;
    public static final int MAX_MAX_BUCKETS = 1 << 20;

    private static final double EDGE_SAFETY = 1e-7;
    // Far above the float error of a sum of weights, far below one weight of a realistic total.
    private static final double RANK_TOLERANCE = 1e-9;
    // |ln(Double.MAX_VALUE)| / ln(gamma at the finest accuracy) is about 3.6e8: real indices stay below 2^30.
    private static final int MAX_ABS_INDEX = 1 << 30;
    // Most slice sketches hold a handful of values: start small, double as the range grows.
    private static final int INITIAL_CAPACITY = 8;
    private static final double[] NO_COUNTS = new double[0];

    private static final int FLAG_CONFIG = 1;
    private static final int FLAG_ZERO = 2;
    private static final int FLAG_BUCKETS = 4;
    private static final int FLAG_COLLAPSED = 8;

    private double relativeAccuracy;
    private int maxBuckets;
    private double multiplier; // 1 / ln(gamma)
    private double lnGamma;
    private double valueFactor; // 2 / (1 + gamma)

    private double[] counts = NO_COUNTS;
    private int offset; // bucket index of counts[0]
    // Bucket range holding weight; both ends non-zero. Empty: minIndex > maxIndex.
    private int minIndex = Integer.MAX_VALUE;
    private int maxIndex = Integer.MIN_VALUE;
    // After a collapse, the lowest bucket index values may use; Integer.MIN_VALUE if never collapsed.
    private int floor = Integer.MIN_VALUE;
    private double zeroCount;
    private double totalWeight;
    /** A disabled sketch tracks nothing (a window no rule reads percentiles of): it stays empty and costs nothing. */
    private boolean disabled;

    public QuantileSketch() {
        this(DEFAULT_RELATIVE_ACCURACY, DEFAULT_MAX_BUCKETS);
    }

    /** A sketch with the given accuracy and {@link #defaultMaxBuckets(double)} for it. */
    public QuantileSketch(double relativeAccuracy) {
        this(relativeAccuracy, defaultMaxBuckets(relativeAccuracy));
    }

    public QuantileSketch(double relativeAccuracy, int maxBuckets) {
        configure(relativeAccuracy, maxBuckets);
    }

    /**
     * The default bucket cap for an accuracy: {@value #DEFAULT_MAX_BUCKETS} at 0.01, otherwise as many buckets
     * as span the same value ratio (about 6e17), within [{@value #MIN_MAX_BUCKETS}, {@value #MAX_MAX_BUCKETS}].
     */
    public static int defaultMaxBuckets(double relativeAccuracy) {
        if (relativeAccuracy == DEFAULT_RELATIVE_ACCURACY) {
            return DEFAULT_MAX_BUCKETS;
        }
        if (!(relativeAccuracy >= MIN_RELATIVE_ACCURACY && relativeAccuracy < 1)) {
            throw new IllegalArgumentException("relative accuracy must be in [1e-6, 1): " + relativeAccuracy);
        }
        double buckets = Math.ceil(DEFAULT_MAX_BUCKETS * lnGamma(DEFAULT_RELATIVE_ACCURACY) / lnGamma(relativeAccuracy));
        return (int) Math.max(MIN_MAX_BUCKETS, Math.min(MAX_MAX_BUCKETS, buckets));
    }

    private static double lnGamma(double accuracy) {
        double tightened = accuracy * (1 - EDGE_SAFETY);
        return Math.log((1 + tightened) / (1 - tightened));
    }

    private void configure(double accuracy, int cap) {
        if (!(accuracy >= MIN_RELATIVE_ACCURACY && accuracy < 1)) {
            throw new IllegalArgumentException("relative accuracy must be in [1e-6, 1): " + accuracy);
        }
        if (cap < MIN_MAX_BUCKETS || cap > MAX_MAX_BUCKETS) {
            throw new IllegalArgumentException("maxBuckets must be in [" + MIN_MAX_BUCKETS + ", " + MAX_MAX_BUCKETS + "]: " + cap);
        }
        this.relativeAccuracy = accuracy;
        this.maxBuckets = cap;
        this.lnGamma = lnGamma(accuracy);
        this.multiplier = 1 / lnGamma;
        this.valueFactor = 2 / (1 + Math.exp(lnGamma));
    }

    public double relativeAccuracy() {
        return relativeAccuracy;
    }

    public int maxBuckets() {
        return maxBuckets;
    }

    /** Sum of the weights of everything added (minus what was subtracted). */
    public double totalWeight() {
        return totalWeight;
    }

    public boolean isEmpty() {
        return totalWeight == 0;
    }

    /** True once the bucket cap forced the lowest buckets together (see class doc). */
    public boolean isCollapsed() {
        return floor != Integer.MIN_VALUE;
    }

    /** Width of the bucket range holding weight (0 if none); never above {@link #maxBuckets()}. */
    public int bucketSpan() {
        return minIndex > maxIndex ? 0 : maxIndex - minIndex + 1;
    }

    /** Number of buckets holding weight, the zero bucket excluded. */
    public int nonEmptyBuckets() {
        int n = 0;
        for (int i = minIndex; i <= maxIndex; i++) {
            if (counts[i - offset] != 0) {
                n++;
            }
        }
        return n;
    }

    public void add(double value) {
        add(value, 1.0);
    }

    /**
     * Adds {@code value} with {@code weight} (e.g. 1 / sample_rate).
     *
     * @throws IllegalArgumentException if value is NaN, negative or infinite, or weight is not finite and > 0
     */
    public void add(double value, double weight) {
        if (disabled) {
            return;
        }
        if (!(value >= 0) || value == Double.POSITIVE_INFINITY) {
            throw new IllegalArgumentException("value must be finite and >= 0: " + value);
        }
        if (!(weight > 0) || weight == Double.POSITIVE_INFINITY) {
            throw new IllegalArgumentException("weight must be finite and > 0: " + weight);
        }
        totalWeight += weight;
        if (value < MIN_INDEXABLE_VALUE) {
            zeroCount += weight;
            return;
        }
        int i = (int) Math.ceil(Math.log(value) * multiplier);
        if (i < minIndex || i > maxIndex) {
            reserve(i, i);
        }
        if (i < floor) {
            i = floor;
        }
        counts[i - offset] += weight;
    }

    /**
     * Value at quantile {@code q} within the class's guarantee; NaN if the sketch is empty.
     *
     * @throws IllegalArgumentException if q is outside [0, 1]
     */
    public double quantile(double q) {
        if (!(q >= 0 && q <= 1)) {
            throw new IllegalArgumentException("quantile must be in [0, 1]: " + q);
        }
        if (totalWeight <= 0) {
            return Double.NaN;
        }
        double rank = q * totalWeight * (1 - RANK_TOLERANCE);
        double cumulative = zeroCount;
        if (cumulative > 0 && cumulative >= rank) {
            return 0.0;
        }
        for (int i = minIndex; i <= maxIndex; i++) {
            cumulative += counts[i - offset];
            if (cumulative > 0 && cumulative >= rank) {
                return bucketValue(i);
            }
        }
        // Float drift between totalWeight and the bucket sum: the top bucket.
        return minIndex <= maxIndex ? bucketValue(maxIndex) : 0.0;
    }

    private double bucketValue(int index) {
        return Math.exp(index * lnGamma) * valueFactor;
    }

    /** Adds every value of {@code other} (same accuracy required) to this sketch. */
    public void merge(QuantileSketch other) {
        if (disabled) {
            return;
        }
        checkCompatible(other);
        if (other == this) {
            QuantileSketch copy = new QuantileSketch(relativeAccuracy, maxBuckets);
            copy.copyFrom(this);
            merge(copy);
            return;
        }
        zeroCount += other.zeroCount;
        totalWeight += other.totalWeight;
        if (other.minIndex > other.maxIndex) {
            return;
        }
        reserve(other.minIndex, other.maxIndex);
        for (int j = other.minIndex; j <= other.maxIndex; j++) {
            double c = other.counts[j - other.offset];
            if (c != 0) {
                counts[Math.max(j, floor) - offset] += c;
            }
        }
    }

    /**
     * Removes {@code other}, which must have been merged into (or its values added to) this sketch before.
     * Weight of {@code other} in buckets this sketch does not hold is ignored.
     */
    public void subtract(QuantileSketch other) {
        if (disabled) {
            return;
        }
        checkCompatible(other);
        if (other == this) {
            clear();
            return;
        }
        double before = zeroCount;
        zeroCount = Sums.subtractNonNegative(zeroCount, other.zeroCount);
        double removed = before - zeroCount;
        for (int j = other.minIndex; j <= other.maxIndex; j++) {
            double c = other.counts[j - other.offset];
            int i = Math.max(j, floor);
            if (c != 0 && i >= minIndex && i <= maxIndex) {
                int k = i - offset;
                double had = counts[k];
                counts[k] = Sums.subtractNonNegative(had, c);
                removed += had - counts[k];
            }
        }
        // Only the other's bucket range is touched: the cost is that of the slice leaving, not of the window.
        totalWeight = Sums.subtractNonNegative(totalWeight, removed);
        trimEnds();
    }

    /** Drops empty buckets at both ends; an empty sketch sheds any float drift of its total. */
    private void trimEnds() {
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

    /** Empties the sketch, keeping its accuracy and its bucket array for reuse. */
    public void clear() {
        if (minIndex <= maxIndex) {
            Arrays.fill(counts, minIndex - offset, maxIndex - offset + 1, 0.0);
        }
        minIndex = Integer.MAX_VALUE;
        maxIndex = Integer.MIN_VALUE;
        floor = Integer.MIN_VALUE;
        zeroCount = 0;
        totalWeight = 0;
    }

    /** Empties the sketch and gives up a bucket array longer than {@code buckets}, for reuse by a sparser slice. */
    public void clearAndTrim(int buckets) {
        clear();
        if (counts.length > buckets && !disabled) {
            counts = NO_COUNTS;
            offset = 0;
        }
    }

    /**
     * Stops tracking: the sketch empties and ignores every later add, merge, subtract and copy, so its
     * quantiles are NaN. For running windows whose percentiles no rule reads.
     */
    public void disable() {
        clear();
        counts = NO_COUNTS;
        offset = 0;
        disabled = true;
    }

    /** Tracks again after {@link #disable()}, starting empty. */
    public void enable() {
        disabled = false;
    }

    public boolean isDisabled() {
        return disabled;
    }

    /** Makes this sketch an exact copy of {@code other}, accuracy and cap included. */
    public void copyFrom(QuantileSketch other) {
        if (other == this || disabled) {
            return;
        }
        clear();
        if (relativeAccuracy != other.relativeAccuracy || maxBuckets != other.maxBuckets) {
            configure(other.relativeAccuracy, other.maxBuckets);
        }
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

    private void checkCompatible(QuantileSketch other) {
        if (other.relativeAccuracy != relativeAccuracy) {
            throw new IllegalArgumentException("relative accuracies differ: " + relativeAccuracy + " vs " + other.relativeAccuracy);
        }
    }

    /**
     * Makes buckets {@code lo..hi} addressable and part of the range, collapsing the lowest buckets if the
     * range would exceed the cap. Afterwards indices below {@link #floor} must be raised to it.
     */
    private void reserve(int lo, int hi) {
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

    /** Re-centres or grows the array so that it covers {@code lo..hi} and the current range. */
    private void ensureCapacity(int lo, int hi) {
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

    // ---------------------------------------------------------------- codec

    /*
     * Layout: flags byte; [accuracy raw double, maxBuckets varint] if not the defaults; [zero weight] if any;
     * [floor zigzag] if collapsed; [lowest index zigzag, bucket count, then per non-empty bucket: gap to the
     * previous one, weight] if any buckets. Weights are compact doubles (1-2 bytes when whole numbers).
     */

    /** Exact number of bytes {@link #encode} writes. */
    public int encodedSize() {
        int size = 1;
        if (!hasDefaultConfig()) {
            size += 8 + WireFormat.varLongSize(maxBuckets);
        }
        if (zeroCount != 0) {
            size += WireFormat.compactDoubleSize(zeroCount);
        }
        if (floor != Integer.MIN_VALUE) {
            size += WireFormat.varLongSize(WireFormat.zigzag(floor));
        }
        if (minIndex <= maxIndex) {
            size += WireFormat.varLongSize(WireFormat.zigzag(minIndex));
            int n = 0;
            int next = minIndex;
            for (int i = minIndex; i <= maxIndex; i++) {
                double c = counts[i - offset];
                if (c != 0) {
                    n++;
                    size += WireFormat.varLongSize(i - next) + WireFormat.compactDoubleSize(c);
                    next = i + 1;
                }
            }
            size += WireFormat.varLongSize(n);
        }
        return size;
    }

    public void encode(ByteBuffer out) {
        int flags = (hasDefaultConfig() ? 0 : FLAG_CONFIG) | (zeroCount != 0 ? FLAG_ZERO : 0)
                | (minIndex <= maxIndex ? FLAG_BUCKETS : 0) | (floor != Integer.MIN_VALUE ? FLAG_COLLAPSED : 0);
        out.put((byte) flags);
        if ((flags & FLAG_CONFIG) != 0) {
            WireFormat.putRawDouble(out, relativeAccuracy);
            WireFormat.putVarLong(out, maxBuckets);
        }
        if ((flags & FLAG_ZERO) != 0) {
            WireFormat.putCompactDouble(out, zeroCount);
        }
        if ((flags & FLAG_COLLAPSED) != 0) {
            WireFormat.putVarLong(out, WireFormat.zigzag(floor));
        }
        if ((flags & FLAG_BUCKETS) != 0) {
            WireFormat.putVarLong(out, WireFormat.zigzag(minIndex));
            WireFormat.putVarLong(out, nonEmptyBuckets());
            int next = minIndex;
            for (int i = minIndex; i <= maxIndex; i++) {
                double c = counts[i - offset];
                if (c != 0) {
                    WireFormat.putVarLong(out, i - next);
                    WireFormat.putCompactDouble(out, c);
                    next = i + 1;
                }
            }
        }
    }

    /** Decodes a sketch written by {@link #encode}. */
    public static QuantileSketch decode(ByteBuffer in) {
        QuantileSketch sketch = new QuantileSketch();
        sketch.readFrom(in);
        return sketch;
    }

    /**
     * Replaces this sketch's whole state, accuracy included, with one written by {@link #encode}; reuses
     * the bucket array.
     *
     * @throws IllegalArgumentException (or a BufferUnderflowException) on corrupt input, after which this
     *     sketch's state is unspecified until the next {@link #clear()} or successful read
     */
    public void readFrom(ByteBuffer in) {
        clear();
        int flags = in.get() & 0xFF;
        if ((flags & ~(FLAG_CONFIG | FLAG_ZERO | FLAG_BUCKETS | FLAG_COLLAPSED)) != 0) {
            throw new IllegalArgumentException("corrupt sketch flags " + flags);
        }
        double accuracy = DEFAULT_RELATIVE_ACCURACY;
        int cap = DEFAULT_MAX_BUCKETS;
        if ((flags & FLAG_CONFIG) != 0) {
            accuracy = WireFormat.getRawDouble(in);
            cap = WireFormat.getCount(in, MAX_MAX_BUCKETS, "sketch bucket cap");
        }
        if (accuracy != relativeAccuracy || cap != maxBuckets) {
            configure(accuracy, cap);
        }
        double zero = 0;
        if ((flags & FLAG_ZERO) != 0) {
            zero = readWeight(in);
        }
        int decodedFloor = Integer.MIN_VALUE;
        if ((flags & FLAG_COLLAPSED) != 0) {
            decodedFloor = readIndex(in);
        }
        double total = zero;
        if ((flags & FLAG_BUCKETS) != 0) {
            int lo = readIndex(in);
            if (lo < decodedFloor) {
                throw new IllegalArgumentException("corrupt sketch: bucket below the collapse floor");
            }
            int n = WireFormat.getCount(in, maxBuckets, "sketch bucket count");
            if (n == 0) {
                throw new IllegalArgumentException("corrupt sketch: bucket section without buckets");
            }
            int i = lo - 1;
            for (int k = 0; k < n; k++) {
                int gap = WireFormat.getCount(in, maxBuckets, "sketch bucket gap");
                if (k == 0 && gap != 0) {
                    throw new IllegalArgumentException("corrupt sketch: first bucket is not the lowest index");
                }
                i = i + 1 + gap;
                if ((long) i - lo >= maxBuckets || i > MAX_ABS_INDEX) {
                    throw new IllegalArgumentException("corrupt sketch: bucket span exceeds " + maxBuckets);
                }
                double c = readWeight(in);
                if (c == 0) {
                    throw new IllegalArgumentException("corrupt sketch: empty bucket listed");
                }
                ensureCapacity(lo, i);
                minIndex = lo;
                maxIndex = i;
                counts[i - offset] = c;
                total += c;
            }
        }
        zeroCount = zero;
        floor = decodedFloor;
        totalWeight = total;
    }

    private static double readWeight(ByteBuffer in) {
        double w = WireFormat.getCompactDouble(in);
        if (!(w >= 0) || w == Double.POSITIVE_INFINITY) {
            throw new IllegalArgumentException("corrupt sketch weight " + w);
        }
        return w;
    }

    private static int readIndex(ByteBuffer in) {
        long v = WireFormat.unzigzag(WireFormat.getVarLong(in));
        if (v < -MAX_ABS_INDEX || v > MAX_ABS_INDEX) {
            throw new IllegalArgumentException("corrupt sketch bucket index " + v);
        }
        return (int) v;
    }

    private boolean hasDefaultConfig() {
        return relativeAccuracy == DEFAULT_RELATIVE_ACCURACY && maxBuckets == DEFAULT_MAX_BUCKETS;
    }

    // ---------------------------------------------------------------- equality

    /**
     * Same accuracy, cap, collapse floor and per-bucket weights. {@link #totalWeight()} is not compared:
     * it is their sum, and may differ from an equal sketch's in the last bits by summation order.
     */
    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof QuantileSketch)) {
            return false;
        }
        QuantileSketch s = (QuantileSketch) o;
        if (relativeAccuracy != s.relativeAccuracy || maxBuckets != s.maxBuckets || floor != s.floor
                || !Sums.same(zeroCount, s.zeroCount) || minIndex != s.minIndex || maxIndex != s.maxIndex) {
            return false;
        }
        for (int i = minIndex; i <= maxIndex; i++) {
            if (!Sums.same(counts[i - offset], s.counts[i - s.offset])) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        int h = Double.hashCode(relativeAccuracy) * 31 + Sums.hash(zeroCount);
        for (int i = minIndex; i <= maxIndex; i++) {
            h = h * 31 + Sums.hash(counts[i - offset]);
        }
        return h;
    }

    @Override
    public String toString() {
        return "QuantileSketch{a=" + relativeAccuracy + ", weight=" + totalWeight + ", zero=" + zeroCount
                + ", buckets=" + nonEmptyBuckets() + "/" + bucketSpan() + (isCollapsed() ? ", collapsed" : "") + "}";
    }
}
