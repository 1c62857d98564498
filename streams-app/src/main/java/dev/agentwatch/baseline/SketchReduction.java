package dev.agentwatch.baseline;

import dev.agentwatch.window.QuantileSketch;
import dev.agentwatch.window.SliceAggregate;

/**
 * Shrinks a completed bucket's sketches to the few points that the catalogue's percentiles read, so a sealed
 * bucket is a hundred-odd bytes however many events it holds.
 *
 * <p>A reduced sketch holds, for each preserved quantile {@code q_j} (p50, p90, p95, p99: every percentile
 * {@link dev.agentwatch.window.Metrics} offers), the full sketch's value at {@code q_j}, weighted so the
 * cumulative weight after it is {@code 100 * q_j} (100 after the last). A nearest-rank query at {@code q_j}
 * passes the weight below it, which is less than its rank (integers, no rounding), and stops at the first
 * point whose cumulative weight reaches it, the one for {@code q_j}; the value re-enters
 * the same bucket it came from, so {@code quantile(q_j)} returns the full sketch's answer bit for bit. Other
 * quantiles are not preserved; tests check every catalogue metric against the unreduced bucket.
 */
final class SketchReduction {

    static final double[] PRESERVED_QUANTILES = {0.50, 0.90, 0.95, 0.99};
    private static final double TOTAL_WEIGHT = 100;

    private SketchReduction() {
    }

    /** Drops evidence and reduces all three sketches of a bucket's aggregate, in place. */
    static void reduce(SliceAggregate bucket) {
        bucket.clearEvidence();
        bucket.replaceSketches(reduce(bucket.latencySketch()), reduce(bucket.tokensSketch()),
                reduce(bucket.costSketch()));
    }

    static QuantileSketch reduce(QuantileSketch full) {
        return pointsAt(full, PRESERVED_QUANTILES);
    }

    /**
     * Re-weights the sketches of a bucket sealed in format version 1, in place. Those points were weighted for
     * the earlier rank (the first value whose cumulative weight exceeds the rank: cumulative 90, 95, 99, 100
     * after the p50, p90, p95 and p99 points), so under the nearest rank the points sit at quantiles 0.5, 0.95,
     * 0.99 and 1.
     */
    static void fromVersion1(SliceAggregate bucket) {
        bucket.replaceSketches(pointsAt(bucket.latencySketch(), VERSION_1_POINTS), pointsAt(bucket.tokensSketch(), VERSION_1_POINTS),
                pointsAt(bucket.costSketch(), VERSION_1_POINTS));
    }

    private static final double[] VERSION_1_POINTS = {0.5, 0.95, 0.99, 1.0};

    /** A reduced sketch holding {@code sketch}'s values at {@code at}, one per preserved quantile, in order. */
    private static QuantileSketch pointsAt(QuantileSketch sketch, double[] at) {
        QuantileSketch reduced = new QuantileSketch(sketch.relativeAccuracy(), sketch.maxBuckets());
        if (sketch.isEmpty()) {
            return reduced;
        }
        double below = 0;
        for (int j = 0; j < PRESERVED_QUANTILES.length; j++) {
            double upTo = j + 1 < PRESERVED_QUANTILES.length
                    ? Math.rint(TOTAL_WEIGHT * PRESERVED_QUANTILES[j]) : TOTAL_WEIGHT;
            reduced.add(sketch.quantile(at[j]), upTo - below);
            below = upTo;
        }
        return reduced;
    }
}
