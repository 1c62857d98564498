package dev.agentwatch.baseline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentwatch.window.MetricRef;
import dev.agentwatch.window.QuantileSketch;
import dev.agentwatch.window.Metrics;
import dev.agentwatch.window.SliceAggregate;
import java.nio.ByteBuffer;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SketchReductionTest {

    private static final long BUCKET_MS = Tier.FINE.bucketMs();

    @Test
    void aSealedBucketGivesEveryCatalogueMetricTheOpenBucketsExactValue() {
        SplittableRandom r = new SplittableRandom(11);
        for (int events : new int[] {1, 2, 3, 7, 30, 360, 2_000}) {
            SliceAggregate open = new SliceAggregate();
            for (int i = 0; i < events; i += 10) {
                open.merge(Traffic.realistic(r, Math.min(10, events - i), Traffic.T0 + i));
            }
            addSampledAndZeroValues(open, r, events);
            SliceAggregate sealed = sealedCopy(open);
            assertThat(sealed.evidence().isEmpty()).isTrue();
            for (String name : Metrics.knownNames()) {
                MetricRef m = Metrics.resolve(name.replace("<name>", Traffic.CUSTOM));
                double expected = m.valueOf(open, BUCKET_MS);
                double actual = m.valueOf(sealed, BUCKET_MS);
                assertThat(Double.doubleToLongBits(actual)).as("%s over %d events: %s vs %s", name, events, actual, expected)
                        .isEqualTo(Double.doubleToLongBits(expected));
            }
        }
    }

    @Test
    void aBucketSealedInFormatVersion1ReadsTheSameAfterItsUpgrade() {
        SplittableRandom r = new SplittableRandom(17);
        for (int events : new int[] {1, 3, 30, 2_000}) {
            SliceAggregate open = new SliceAggregate();
            for (int i = 0; i < events; i += 10) {
                open.merge(Traffic.realistic(r, Math.min(10, events - i), Traffic.T0 + i));
            }
            addSampledAndZeroValues(open, r, events);
            // As format 1 sealed it: the points weighted 90, 5, 4, 1 (for a rank the first value exceeded).
            SliceAggregate v1 = new SliceAggregate();
            v1.copyFrom(open);
            v1.clearEvidence();
            v1.replaceSketches(version1(open.latencySketch()), version1(open.tokensSketch()), version1(open.costSketch()));
            ByteBuffer value = ByteBuffer.allocate(BucketCodec.HEADER + v1.encodedSize());
            value.put(BucketCodec.VERSION_1).put(BucketCodec.SEALED);
            v1.encode(value);

            byte[] upgraded = BucketCodec.current(value.array());
            assertThat(upgraded[0]).isEqualTo(BucketCodec.FORMAT_VERSION);
            SliceAggregate read = BucketCodec.decode(upgraded);
            SliceAggregate sealedNow = sealedCopy(open);
            for (String name : Metrics.knownNames()) {
                MetricRef m = Metrics.resolve(name.replace("<name>", Traffic.CUSTOM));
                assertThat(Double.doubleToLongBits(m.valueOf(read, BUCKET_MS))).as("%s over %d events", name, events)
                        .isEqualTo(Double.doubleToLongBits(m.valueOf(sealedNow, BUCKET_MS)));
            }
        }
    }

    private static QuantileSketch version1(QuantileSketch full) {
        QuantileSketch s = new QuantileSketch(full.relativeAccuracy(), full.maxBuckets());
        if (!full.isEmpty()) {
            double[] weights = {90, 5, 4, 1};
            for (int j = 0; j < weights.length; j++) {
                s.add(full.quantile(SketchReduction.PRESERVED_QUANTILES[j]), weights[j]);
            }
        }
        return s;
    }

    /** Events sampled at 10% and with zero cost, so weights and the zero bucket take part. */
    private static void addSampledAndZeroValues(SliceAggregate s, SplittableRandom r, int events) {
        for (int i = 0; i < events / 3; i++) {
            s.add(10.0, true, r.nextInt(100), 0, 0, r.nextInt(50), 0.0, 0, 0, 0);
        }
    }

    @Test
    void sealedBucketsAreSmallWhateverTheirVolume() {
        SplittableRandom r = new SplittableRandom(3);
        SliceAggregate open = new SliceAggregate();
        for (int i = 0; i < 200; i++) {
            open.merge(Traffic.realistic(r, 50, Traffic.T0 + i));
        }
        byte[] openValue = BucketCodec.encodeOpen(open);
        byte[] sealed = BucketCodec.encodeSealed(reduced(open));
        assertThat(openValue.length).isGreaterThan(1_000);
        assertThat(sealed.length).isLessThan(200);

        SliceAggregate standard = new SliceAggregate(); // an hour of one event per 10 s, no custom metric
        for (int i = 0; i < 360; i++) {
            standard.merge(Traffic.realistic(r, 1, Traffic.T0 + i, false));
        }
        int standardSealed = BucketCodec.encodeSealed(reduced(standard)).length;
        System.out.printf("sealed: %d B of 10,000 events with a custom metric, %d B of 360 without%n",
                sealed.length, standardSealed);
        assertThat(standardSealed).isLessThanOrEqualTo(130);
    }

    @Test
    void theWorstCaseSealedBucketWithoutCustomMetricsStaysUnderItsStatedBound() {
        // every sum fractional (weights 1/0.3), values spread over many orders of magnitude, big counts
        SplittableRandom r = new SplittableRandom(5);
        SliceAggregate worst = new SliceAggregate();
        for (int i = 0; i < 20_000; i++) {
            worst.add(1 / 0.3, r.nextBoolean(), r.nextLong(1L << 40), r.nextLong(1L << 40), r.nextLong(1L << 40),
                    Math.exp(r.nextDouble(-20, 27)), Math.exp(r.nextDouble(-20, 10)), r.nextInt(1 << 20), 0, r.nextInt(1 << 20));
        }
        int size = BucketCodec.encodeSealed(reduced(worst)).length;
        System.out.printf("sealed worst case without custom metrics: %d B%n", size);
        assertThat(size).isLessThanOrEqualTo(280);
    }

    private static SliceAggregate reduced(SliceAggregate open) {
        SliceAggregate copy = new SliceAggregate();
        copy.copyFrom(open);
        SketchReduction.reduce(copy);
        return copy;
    }

    private static SliceAggregate sealedCopy(SliceAggregate open) {
        byte[] value = BucketCodec.encodeSealed(reduced(open));
        assertThat(BucketCodec.isSealed(value)).isTrue();
        return BucketCodec.decode(value);
    }
}
