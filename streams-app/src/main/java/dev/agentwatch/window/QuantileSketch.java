package dev.agentwatch.window;

import java.nio.ByteBuffer;

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
 * <p>Not thread-safe. {@link #add} allocates nothing once the bucket array covers the values' range. The
 * bucket array and its range live in {@link SketchBuckets}, the binary form in {@link QuantileSketchCodec}.
 */
public final class QuantileSketch extends SketchBuckets {

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

    private double relativeAccuracy;
    private double multiplier; // 1 / ln(gamma)
    private double lnGamma;
    private double valueFactor; // 2 / (1 + gamma)

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

    /** Takes the accuracy and cap of a sketch being copied or read, if they differ from this one's. */
    void reconfigure(double accuracy, int cap) {
        if (accuracy != relativeAccuracy || cap != maxBuckets) {
            configure(accuracy, cap);
        }
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

    /** Empties the sketch, keeping its accuracy and its bucket array for reuse. */
    public void clear() {
        clearWeights();
    }

    /** Empties the sketch and gives up a bucket array longer than {@code buckets}, for reuse by a sparser slice. */
    public void clearAndTrim(int buckets) {
        clear();
        if (counts.length > buckets && !disabled) {
            releaseArray();
        }
    }

    /**
     * Stops tracking: the sketch empties and ignores every later add, merge, subtract and copy, so its
     * quantiles are NaN. For running windows whose percentiles no rule reads.
     */
    public void disable() {
        clear();
        releaseArray();
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
        reconfigure(other.relativeAccuracy, other.maxBuckets);
        copyWeights(other);
    }

    private void checkCompatible(QuantileSketch other) {
        if (other.relativeAccuracy != relativeAccuracy) {
            throw new IllegalArgumentException("relative accuracies differ: " + relativeAccuracy + " vs " + other.relativeAccuracy);
        }
    }

    // ---------------------------------------------------------------- codec (QuantileSketchCodec)

    /** Exact number of bytes {@link #encode} writes. */
    public int encodedSize() {
        return QuantileSketchCodec.encodedSize(this);
    }

    public void encode(ByteBuffer out) {
        QuantileSketchCodec.encode(this, out);
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
        QuantileSketchCodec.read(in, this);
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
