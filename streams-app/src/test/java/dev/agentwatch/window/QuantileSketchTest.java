package dev.agentwatch.window;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

class QuantileSketchTest {

    private static final double[] QS = {0.5, 0.9, 0.95, 0.99, 0.999};
    private static final int N = 100_000;

    enum Distribution {
        LOGNORMAL_LATENCY_MS, UNIFORM, PARETO, INTEGERS_WITH_TIES, WITH_ZEROS;

        double[] sample(int n, long seed) {
            SplittableRandom r = new SplittableRandom(seed);
            double[] v = new double[n];
            for (int i = 0; i < n; i++) {
                switch (this) {
                    case LOGNORMAL_LATENCY_MS:
                        v[i] = clamp(Math.exp(Math.log(800) + 1.3 * gaussian(r)), 50, 60_000);
                        break;
                    case UNIFORM:
                        v[i] = 1000 * r.nextDouble();
                        break;
                    case PARETO: // alpha 1.2: infinite variance, values up to ~1e5 and beyond
                        v[i] = 1 / Math.pow(1 - r.nextDouble(), 1 / 1.2);
                        break;
                    case INTEGERS_WITH_TIES:
                        v[i] = 1 + r.nextInt(30);
                        break;
                    case WITH_ZEROS:
                        v[i] = r.nextDouble() < 0.3 ? 0.0 : Math.exp(3 * gaussian(r));
                        break;
                    default:
                        throw new AssertionError(this);
                }
            }
            return v;
        }
    }

    static double gaussian(SplittableRandom r) {
        // Box-Muller: SplittableRandom has no nextGaussian on Java 17
        return Math.sqrt(-2 * Math.log(1 - r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble());
    }

    static double clamp(double v, double lo, double hi) {
        return Math.max(lo, Math.min(hi, v));
    }

    /** Cumulative weights this close to q * total count as equal (see the guarantee in QuantileSketch). */
    static final double TIE = 1 - 1e-9;

    /** The exact rank-q value as the sketch defines it (nearest rank): index max(0, ceil(q * n) - 1) of the sorted values. */
    static double exactQuantile(double[] sorted, double q) {
        int k = (int) Math.ceil(q * sorted.length * TIE) - 1;
        return sorted[Math.max(0, k)];
    }

    static void assertWithinRelativeError(double actual, double exact, double a, String what) {
        if (exact == 0) {
            assertThat(actual).as(what).isZero();
        } else {
            assertThat(Math.abs(actual - exact)).as(what + ": got " + actual + ", exact " + exact).isLessThanOrEqualTo(a * exact);
        }
    }

    static Stream<Arguments> distributionsAndAccuracies() {
        List<Arguments> args = new ArrayList<>();
        for (Distribution d : Distribution.values()) {
            for (double a : new double[] {0.01, 0.001, 0.05}) {
                args.add(Arguments.of(d, a));
            }
        }
        return args.stream();
    }

    @Test
    void quantilesAreNearestRanks() {
        QuantileSketch sketch = new QuantileSketch();
        for (int v = 1; v <= 20; v++) {
            sketch.add(v * 100.0);
        }
        // ceil(q * 20)-th smallest: p95 the 19th, the median the 10th; q = 0 the smallest, q = 1 the largest.
        double[][] expected = {{0.95, 1_900}, {0.5, 1_000}, {0.0, 100}, {1.0, 2_000}, {0.96, 2_000}, {0.01, 100}};
        for (double[] e : expected) {
            assertWithinRelativeError(sketch.quantile(e[0]), e[1], 0.01, "q=" + e[0]);
        }
    }

    @ParameterizedTest(name = "{0} a={1}")
    @MethodSource("distributionsAndAccuracies")
    void quantilesAreWithinTheRelativeAccuracyOfTheExactValues(Distribution d, double a) {
        double[] values = d.sample(N, 42);
        QuantileSketch sketch = new QuantileSketch(a);
        for (double v : values) {
            sketch.add(v);
        }
        assertThat(sketch.isCollapsed()).as("the default cap covers these ranges").isFalse();
        double[] sorted = values.clone();
        Arrays.sort(sorted);

        assertThat(sketch.totalWeight()).isEqualTo(N);
        for (double q : QS) {
            assertWithinRelativeError(sketch.quantile(q), exactQuantile(sorted, q), a, d + " q=" + q);
        }
        assertWithinRelativeError(sketch.quantile(0), sorted[0], a, "min");
        assertWithinRelativeError(sketch.quantile(1), sorted[N - 1], a, "max");
    }

    @ParameterizedTest
    @EnumSource(Distribution.class)
    void weightedValuesKeepTheGuaranteeAgainstTheExactWeightedRank(Distribution d) {
        double[] values = d.sample(N, 7);
        double[] weights = new double[N];
        SplittableRandom r = new SplittableRandom(8);
        double[] sampleRateWeights = {1, 2, 10, 1 / 0.3, 100};
        QuantileSketch sketch = new QuantileSketch();
        for (int i = 0; i < N; i++) {
            weights[i] = sampleRateWeights[r.nextInt(sampleRateWeights.length)];
            sketch.add(values[i], weights[i]);
        }
        Integer[] order = new Integer[N];
        for (int i = 0; i < N; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (x, y) -> Double.compare(values[x], values[y]));
        double total = sketch.totalWeight();
        for (double q : QS) {
            double rank = q * total * TIE;
            double cumulative = 0;
            double exact = values[order[N - 1]];
            for (int k = 0; k < N; k++) {
                cumulative += weights[order[k]];
                if (cumulative > 0 && cumulative >= rank) {
                    exact = values[order[k]];
                    break;
                }
            }
            assertWithinRelativeError(sketch.quantile(q), exact, 0.01, d + " weighted q=" + q);
        }
    }

    @Test
    void aWeightedAddEqualsRepeatedAdds() {
        double[] values = Distribution.LOGNORMAL_LATENCY_MS.sample(5_000, 3);
        QuantileSketch weighted = new QuantileSketch();
        QuantileSketch repeated = new QuantileSketch();
        for (int i = 0; i < values.length; i++) {
            int w = 1 + i % 10;
            weighted.add(values[i], w);
            for (int k = 0; k < w; k++) {
                repeated.add(values[i]);
            }
        }
        assertThat(weighted).isEqualTo(repeated);
        assertThat(weighted.totalWeight()).isEqualTo(repeated.totalWeight());
        for (double q : QS) {
            assertThat(weighted.quantile(q)).isEqualTo(repeated.quantile(q));
        }
    }

    @Test
    void mergingTwoHalvesEqualsTheSketchOfTheWhole() {
        double[] values = Distribution.PARETO.sample(N, 11);
        QuantileSketch whole = new QuantileSketch();
        QuantileSketch first = new QuantileSketch();
        QuantileSketch second = new QuantileSketch();
        for (int i = 0; i < N; i++) {
            whole.add(values[i]);
            (i < N / 2 ? first : second).add(values[i]);
        }
        first.merge(second);
        assertThat(first).isEqualTo(whole);
        assertThat(first.totalWeight()).isEqualTo(whole.totalWeight());
        for (double q : QS) {
            assertThat(first.quantile(q)).isEqualTo(whole.quantile(q));
        }
    }

    @Test
    void mergeThenSubtractGivesBackTheOriginalExactlyForWholeWeights() {
        QuantileSketch a = sketchOf(Distribution.LOGNORMAL_LATENCY_MS.sample(20_000, 1), 1);
        QuantileSketch b = sketchOf(Distribution.PARETO.sample(20_000, 2), 10); // wider range on both sides
        QuantileSketch window = new QuantileSketch();
        window.copyFrom(a);
        window.merge(b);
        window.subtract(b);
        assertThat(window).isEqualTo(a);
        assertThat(window.totalWeight()).isEqualTo(a.totalWeight());
        assertThat(window.bucketSpan()).isEqualTo(a.bucketSpan());
        for (double q : QS) {
            assertThat(window.quantile(q)).isEqualTo(a.quantile(q));
        }
        window.subtract(a);
        assertThat(window.isEmpty()).isTrue();
        assertThat(window.quantile(0.5)).isNaN();
        assertThat(window.bucketSpan()).isZero();
    }

    @Test
    void mergeThenSubtractWithFractionalWeightsLeavesNoResidue() {
        QuantileSketch a = sketchOf(Distribution.WITH_ZEROS.sample(20_000, 5), 1 / 0.3);
        QuantileSketch b = sketchOf(Distribution.UNIFORM.sample(20_000, 6), 1 / 0.7);
        QuantileSketch window = new QuantileSketch();
        window.merge(a);
        window.merge(b);
        window.subtract(b);
        assertThat(window.nonEmptyBuckets()).isEqualTo(a.nonEmptyBuckets());
        assertThat(window.totalWeight()).isCloseTo(a.totalWeight(), within(1e-9 * a.totalWeight()));
        for (double q : QS) {
            assertThat(window.quantile(q)).isEqualTo(a.quantile(q));
        }
        window.subtract(a);
        assertThat(window.isEmpty()).isTrue();
        assertThat(window.nonEmptyBuckets()).isZero();
    }

    @Test
    void aRunningWindowOfSlicesMatchesTheWindowMergedFromScratch() {
        SplittableRandom r = new SplittableRandom(99);
        double[] weights = {1, 1 / 0.3, 1 / 0.7, 10};
        int windowSlices = 30;
        List<QuantileSketch> slices = new ArrayList<>();
        QuantileSketch running = new QuantileSketch();
        for (int tick = 0; tick < 600; tick++) {
            QuantileSketch slice = new QuantileSketch();
            int n = r.nextInt(60); // some slices empty
            double scale = tick % 200 < 100 ? 1 : 1000; // range drifts by three orders of magnitude
            for (int i = 0; i < n; i++) {
                slice.add(scale * Math.exp(gaussian(r)), weights[r.nextInt(weights.length)]);
            }
            slices.add(slice);
            running.merge(slice);
            if (slices.size() > windowSlices) {
                running.subtract(slices.get(slices.size() - windowSlices - 1));
            }
            QuantileSketch fresh = new QuantileSketch();
            for (int s = Math.max(0, slices.size() - windowSlices); s < slices.size(); s++) {
                fresh.merge(slices.get(s));
            }
            assertThat(running.nonEmptyBuckets()).as("tick %d", tick).isEqualTo(fresh.nonEmptyBuckets());
            assertThat(running.totalWeight()).as("tick %d", tick).isCloseTo(fresh.totalWeight(), within(1e-9 * Math.max(1, fresh.totalWeight())));
            for (double q : QS) {
                assertThat(running.quantile(q)).as("tick %d q %s", tick, q).isEqualTo(fresh.quantile(q));
            }
        }
    }

    private static QuantileSketch sketchOf(double[] values, double weight) {
        QuantileSketch s = new QuantileSketch();
        for (double v : values) {
            s.add(v, weight);
        }
        return s;
    }

    // ---------------------------------------------------------------- codec

    static Stream<Arguments> sketchesToEncode() {
        QuantileSketch zerosOnly = new QuantileSketch();
        zerosOnly.add(0);
        zerosOnly.add(0, 2.5);
        QuantileSketch fractional = sketchOf(Distribution.WITH_ZEROS.sample(1_000, 4), 1 / 0.3);
        QuantileSketch fine = new QuantileSketch(0.001, 4096);
        for (double v : Distribution.PARETO.sample(1_000, 5)) {
            fine.add(v);
        }
        QuantileSketch collapsed = new QuantileSketch(0.01, 64);
        for (double v : Distribution.LOGNORMAL_LATENCY_MS.sample(1_000, 6)) {
            collapsed.add(v);
        }
        return Stream.of(
                Arguments.of("empty", new QuantileSketch()),
                Arguments.of("zeros only", zerosOnly),
                Arguments.of("latencies", sketchOf(Distribution.LOGNORMAL_LATENCY_MS.sample(1_000, 3), 1)),
                Arguments.of("fractional weights", fractional),
                Arguments.of("non-default accuracy", fine),
                Arguments.of("collapsed", collapsed));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("sketchesToEncode")
    void encodesAndDecodesToAnEqualSketch(String name, QuantileSketch sketch) {
        for (ByteOrder order : new ByteOrder[] {ByteOrder.BIG_ENDIAN, ByteOrder.LITTLE_ENDIAN}) {
            ByteBuffer buffer = ByteBuffer.allocate(sketch.encodedSize() + 3).order(order);
            buffer.put((byte) 7); // the codec must not assume it starts at position 0
            sketch.encode(buffer);
            assertThat(buffer.position()).isEqualTo(1 + sketch.encodedSize());
            buffer.put((byte) 8);
            buffer.flip();
            buffer.get();
            QuantileSketch decoded = QuantileSketch.decode(buffer);
            assertThat(buffer.get()).as("decode consumes exactly the encoding").isEqualTo((byte) 8);
            assertThat(decoded).isEqualTo(sketch);
            assertThat(decoded.relativeAccuracy()).isEqualTo(sketch.relativeAccuracy());
            assertThat(decoded.maxBuckets()).isEqualTo(sketch.maxBuckets());
            assertThat(decoded.isCollapsed()).isEqualTo(sketch.isCollapsed());
            assertThat(decoded.totalWeight()).isCloseTo(sketch.totalWeight(), within(1e-9 * Math.max(1, sketch.totalWeight())));
            for (double q : QS) {
                assertThat(Double.valueOf(decoded.quantile(q))).isEqualTo(Double.valueOf(sketch.quantile(q)));
            }
        }
    }

    @Test
    void readFromReusesASketchThatHeldOtherData() {
        QuantileSketch source = sketchOf(Distribution.UNIFORM.sample(1_000, 1), 1);
        QuantileSketch target = sketchOf(Distribution.PARETO.sample(1_000, 2), 3);
        ByteBuffer buffer = ByteBuffer.allocate(source.encodedSize());
        source.encode(buffer);
        target.readFrom(buffer.flip());
        assertThat(target).isEqualTo(source);
    }

    @Test
    void anEmptySketchEncodesInOneByte() {
        assertThat(new QuantileSketch().encodedSize()).isEqualTo(1);
    }

    @Test
    void aRealisticLatencySketchEncodesCompactly() {
        for (int n : new int[] {100, 1_000, 10_000}) {
            QuantileSketch s = sketchOf(Distribution.LOGNORMAL_LATENCY_MS.sample(n, 21), 1);
            int size = s.encodedSize();
            System.out.printf("latency sketch, %d lognormal values: %d non-empty buckets, span %d, %d bytes%n",
                    n, s.nonEmptyBuckets(), s.bucketSpan(), size);
            // a gap byte and a count of one or two bytes per non-empty bucket, plus a small header
            assertThat(size).isLessThanOrEqualTo(3 * s.nonEmptyBuckets() + 8);
        }
    }

    @Test
    void truncatedOrCorruptInputIsRejected() {
        QuantileSketch s = sketchOf(Distribution.LOGNORMAL_LATENCY_MS.sample(1_000, 3), 1);
        ByteBuffer full = ByteBuffer.allocate(s.encodedSize());
        s.encode(full);
        byte[] bytes = full.array();
        assertThatThrownBy(() -> QuantileSketch.decode(ByteBuffer.wrap(bytes, 0, bytes.length / 2)))
                .isInstanceOf(BufferUnderflowException.class);
        assertThatThrownBy(() -> QuantileSketch.decode(ByteBuffer.wrap(new byte[] {(byte) 0x40})))
                .isInstanceOf(IllegalArgumentException.class);
        // bucket section claiming more buckets than the cap allows
        ByteBuffer tooMany = ByteBuffer.allocate(16);
        tooMany.put((byte) 4);
        WireFormat.putVarLong(tooMany, 0);
        WireFormat.putVarLong(tooMany, 5000);
        assertThatThrownBy(() -> QuantileSketch.decode(tooMany.flip())).isInstanceOf(IllegalArgumentException.class);
    }

    // ---------------------------------------------------------------- bucket cap

    @Test
    void theDefaultCapCollapsesOnlyAnAstronomicalRangeAndKeepsTheTopAccurate() {
        QuantileSketch s = new QuantileSketch();
        s.add(1e-8);
        for (double v : Distribution.LOGNORMAL_LATENCY_MS.sample(1_000, 9)) {
            s.add(v);
        }
        assertThat(s.isCollapsed()).isFalse();
        s.add(1e12); // 1e-8 .. 1e12 needs about 2300 buckets at 1%
        assertThat(s.isCollapsed()).isTrue();
        assertThat(s.bucketSpan()).isLessThanOrEqualTo(QuantileSketch.DEFAULT_MAX_BUCKETS);
        assertThat(s.totalWeight()).isEqualTo(1_002);
        assertWithinRelativeError(s.quantile(1), 1e12, 0.01, "max");
        assertThat(s.quantile(0)).as("the collapsed minimum is over-estimated").isGreaterThan(1e-8);
        double median = s.quantile(0.5);
        assertThat(median).isBetween(50.0, 60_000.0);
    }

    @Test
    void aSmallCapKeepsQuantilesAboveTheCollapsedRangeAccurateAndStaysConsistentUnderSubtract() {
        int cap = 64; // 64 buckets at 1% span a ratio of e^1.28, about 3.6
        double[] values = Distribution.UNIFORM.sample(N, 12);
        QuantileSketch s = new QuantileSketch(0.01, cap);
        for (double v : values) {
            s.add(v);
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        assertThat(s.isCollapsed()).isTrue();
        assertThat(s.bucketSpan()).isLessThanOrEqualTo(cap);
        assertThat(s.totalWeight()).isEqualTo(N);
        double top = sorted[N - 1];
        for (double q : QS) {
            double exact = exactQuantile(sorted, q);
            if (exact > top / 3.5) {
                assertWithinRelativeError(s.quantile(q), exact, 0.01, "q=" + q);
            } else {
                assertThat(s.quantile(q)).as("q=%s below the floor", q).isGreaterThanOrEqualTo(exact * 0.99);
            }
        }
        QuantileSketch extra = sketchOf(Distribution.UNIFORM.sample(10_000, 13), 1);
        QuantileSketch before = new QuantileSketch(0.01, cap);
        before.copyFrom(s);
        s.merge(extra);
        assertThat(s.bucketSpan()).isLessThanOrEqualTo(cap);
        s.subtract(extra);
        assertThat(s.totalWeight()).isEqualTo(N);
        for (double q : QS) {
            assertThat(s.quantile(q)).isEqualTo(before.quantile(q));
        }
    }

    // ---------------------------------------------------------------- contract

    @Test
    void rejectsInvalidValuesWeightsAndQuantiles() {
        QuantileSketch s = new QuantileSketch();
        for (double bad : new double[] {Double.NaN, -1, -1e-300, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}) {
            assertThatThrownBy(() -> s.add(bad)).isInstanceOf(IllegalArgumentException.class);
        }
        for (double bad : new double[] {0, -1, Double.NaN, Double.POSITIVE_INFINITY}) {
            assertThatThrownBy(() -> s.add(1, bad)).isInstanceOf(IllegalArgumentException.class);
        }
        assertThat(s.isEmpty()).isTrue();
        for (double bad : new double[] {-0.01, 1.01, Double.NaN}) {
            assertThatThrownBy(() -> s.quantile(bad)).isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> new QuantileSketch(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new QuantileSketch(1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new QuantileSketch(0.01, 4)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> s.merge(new QuantileSketch(0.02))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theDefaultCapScalesWithAccuracyToCoverTheSameRange() {
        assertThat(QuantileSketch.defaultMaxBuckets(0.01)).isEqualTo(2048);
        assertThat(QuantileSketch.defaultMaxBuckets(0.001)).isBetween(20_400, 20_500);
        assertThat(QuantileSketch.defaultMaxBuckets(0.05)).isBetween(405, 415);
        assertThat(new QuantileSketch(0.001).maxBuckets()).isEqualTo(QuantileSketch.defaultMaxBuckets(0.001));
        QuantileSketch fine = new QuantileSketch(0.001);
        fine.add(1e-3);
        fine.add(1e12);
        assertThat(fine.isCollapsed()).isFalse();
        assertWithinRelativeError(fine.quantile(0), 1e-3, 0.001, "min");
    }

    @Test
    void valuesBelowTheSmallestIndexableValueReportAsZero() {
        QuantileSketch s = new QuantileSketch();
        s.add(0);
        s.add(QuantileSketch.MIN_INDEXABLE_VALUE / 2);
        s.add(5);
        assertThat(s.quantile(0)).isZero();
        assertThat(s.quantile(0.5)).isZero();
        assertWithinRelativeError(s.quantile(1), 5, 0.01, "max");
    }

    @Test
    void copyFromMakesAnIndependentEqualCopyAndClearEmptiesForReuse() {
        QuantileSketch a = sketchOf(Distribution.PARETO.sample(1_000, 1), 2);
        QuantileSketch copy = new QuantileSketch(0.05);
        copy.copyFrom(a);
        assertThat(copy).isEqualTo(a);
        copy.add(1e6);
        assertThat(copy).isNotEqualTo(a);
        copy.clear();
        assertThat(copy.isEmpty()).isTrue();
        assertThat(copy).isEqualTo(new QuantileSketch());
        copy.add(3);
        assertWithinRelativeError(copy.quantile(0.5), 3, 0.01, "after clear");
    }

    @Test
    void mergingASketchIntoItselfDoublesIt() {
        QuantileSketch a = sketchOf(Distribution.UNIFORM.sample(1_000, 1), 1);
        QuantileSketch twice = sketchOf(Distribution.UNIFORM.sample(1_000, 1), 2);
        a.merge(a);
        assertThat(a).isEqualTo(twice);
    }
}
