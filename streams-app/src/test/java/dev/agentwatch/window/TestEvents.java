package dev.agentwatch.window;

import java.util.SplittableRandom;
import java.util.UUID;

/** Realistic random agent events for aggregate tests. */
final class TestEvents {

    private static final int A = SliceAggregate.ABSENT;

    private final SplittableRandom random;
    private final double[] sampleRates;
    private final boolean wholeValues;
    private long clockMs = 1_704_067_200_000L;

    /**
     * @param wholeValues integral latencies and costs, so that merge and subtract are exact in floating point
     */
    TestEvents(long seed, double[] sampleRates, boolean wholeValues) {
        this.random = new SplittableRandom(seed);
        this.sampleRates = sampleRates;
        this.wholeValues = wholeValues;
    }

    /** Adds {@code n} events to {@code slice}, each with about the given chance of reporting each optional field. */
    void addTo(SliceAggregate slice, int n, double reportChance) {
        for (int i = 0; i < n; i++) {
            clockMs += random.nextInt(200);
            double weight = SliceAggregate.weightForSampleRate(sampleRates[random.nextInt(sampleRates.length)]);
            boolean success = random.nextDouble() > 0.05;
            long in = reports(reportChance) ? 500 + random.nextInt(2_500) : A;
            long out = reports(reportChance) ? 100 + random.nextInt(700) : A;
            long cache = reports(reportChance) ? random.nextInt(1_000) : A;
            double latency = reports(reportChance)
                    ? QuantileSketchTest.clamp(Math.exp(Math.log(1_500) + 0.8 * QuantileSketchTest.gaussian(random)), 50, 60_000)
                    : Double.NaN;
            double cost = reports(reportChance) ? (Math.max(in, 0) * 3.0 + Math.max(out, 0) * 15.0) / 1e6 : Double.NaN;
            if (wholeValues) {
                latency = Math.rint(latency);
                cost = Math.rint(cost * 1000);
            }
            int calls = reports(reportChance) ? random.nextInt(6) : A;
            int failures = calls >= 0 && reports(reportChance) ? (random.nextDouble() < 0.1 ? random.nextInt(calls + 1) : 0) : A;
            int retries = reports(reportChance) ? (random.nextDouble() < 0.1 ? 1 + random.nextInt(2) : 0) : A;
            slice.add(weight, success, in, out, cache, latency, cost, calls, failures, retries);
            if (reports(reportChance)) {
                double score = random.nextDouble();
                slice.addCustomMetric("hallucination_score", wholeValues ? Math.rint(score * 10) : score, weight);
            }
            if (reports(reportChance * 0.5)) {
                slice.addCustomMetric("plan_steps", 1 + random.nextInt(8), weight);
            }
            slice.addEvidence(new UUID(random.nextLong(), random.nextLong()).toString(),
                    Long.toHexString(random.nextLong()) + Long.toHexString(random.nextLong()), clockMs);
        }
    }

    private boolean reports(double chance) {
        return random.nextDouble() < chance;
    }
}
