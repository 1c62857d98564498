package dev.agentwatch.bench.traffic;

import java.util.random.RandomGenerator;

/**
 * Latency of a call derived from its tokens: time to first token, prefill of the uncached prompt, decode of each
 * completion token, times lognormal noise (about +-25%), as serving systems behave at moderate load.
 */
public final class LatencyModel {

    static final double NOISE_SIGMA = 0.25;

    private LatencyModel() {
    }

    public static double latencyMs(Model m, TokenSample t, RandomGenerator random) {
        return round(nominalMs(m, t) * Math.exp(NOISE_SIGMA * random.nextGaussian()));
    }

    /** The latency without noise. */
    public static double nominalMs(Model m, TokenSample t) {
        return m.ttftMs() + (t.in() - t.cachedIn()) * m.prefillMsPerToken() + t.cachedIn() * m.cachedMsPerToken()
                + t.out() * m.decodeMsPerToken();
    }

    /** Milliseconds with 0.1 ms resolution, as an SDK would report them. */
    static double round(double ms) {
        return Math.round(ms * 10) / 10.0;
    }
}
