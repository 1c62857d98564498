package dev.agentwatch.bench.traffic;

import java.util.random.RandomGenerator;

/** Walker's alias method: O(1) draws of an index with probability proportional to its weight. */
final class AliasTable {

    private final double[] probability;
    private final int[] alias;

    AliasTable(double[] weights) {
        int n = weights.length;
        probability = new double[n];
        alias = new int[n];
        double total = 0;
        for (double w : weights) {
            if (!(w >= 0) || Double.isInfinite(w)) {
                throw new IllegalArgumentException("weights must be finite and >= 0");
            }
            total += w;
        }
        if (!(total > 0)) {
            throw new IllegalArgumentException("weights must not all be 0");
        }
        double[] scaled = new double[n];
        int[] small = new int[n];
        int[] large = new int[n];
        int s = 0;
        int l = 0;
        for (int i = 0; i < n; i++) {
            scaled[i] = weights[i] * n / total;
            if (scaled[i] < 1) {
                small[s++] = i;
            } else {
                large[l++] = i;
            }
        }
        while (s > 0 && l > 0) {
            int lo = small[--s];
            int hi = large[--l];
            probability[lo] = scaled[lo];
            alias[lo] = hi;
            scaled[hi] = scaled[hi] + scaled[lo] - 1;
            if (scaled[hi] < 1) {
                small[s++] = hi;
            } else {
                large[l++] = hi;
            }
        }
        while (l > 0) {
            probability[large[--l]] = 1;
        }
        while (s > 0) {
            probability[small[--s]] = 1; // rounding leftovers
        }
    }

    int next(RandomGenerator random) {
        int i = random.nextInt(probability.length);
        return random.nextDouble() < probability[i] ? i : alias[i];
    }
}
