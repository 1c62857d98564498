package dev.agentwatch.bench.traffic;

import java.util.random.RandomGenerator;

/**
 * Synthetic token counts when the traces are absent: independent lognormals fitted to a median and a p95,
 * capped at a maximum; a share of calls reads part of its prompt from a prefix cache (512-token blocks).
 */
public final class LogNormalTokens implements TokenSource {

    private static final double Z95 = 1.6448536269514722;

    private final String name;
    private final double muIn;
    private final double sigmaIn;
    private final int maxIn;
    private final double muOut;
    private final double sigmaOut;
    private final int maxOut;
    private final double cachedShare;

    public LogNormalTokens(String name, double medianIn, double p95In, int maxIn, double medianOut, double p95Out, int maxOut,
                           double cachedShare) {
        this.name = name;
        this.muIn = Math.log(medianIn);
        this.sigmaIn = Math.log(p95In / medianIn) / Z95;
        this.maxIn = maxIn;
        this.muOut = Math.log(medianOut);
        this.sigmaOut = Math.log(p95Out / medianOut) / Z95;
        this.maxOut = maxOut;
        this.cachedShare = cachedShare;
    }

    /** Fitted to the Azure code trace figures in shared/data/README.md (p50/p95/max). */
    public static LogNormalTokens codeLike() {
        return new LogNormalTokens("synthetic code-like lognormal", 1469, 7315, 7437, 13, 90, 1899, 0.0);
    }

    /** Fitted to the Mooncake conversation trace figures in shared/data/README.md (p50/p95). */
    public static LogNormalTokens chatLike() {
        return new LogNormalTokens("synthetic chat-like lognormal", 6909, 39552, 131_072, 350, 698, 8192, 0.5);
    }

    @Override
    public TokenSample sample(RandomGenerator random) {
        int in = draw(random, muIn, sigmaIn, maxIn);
        int out = draw(random, muOut, sigmaOut, maxOut);
        int cached = 0;
        if (cachedShare > 0 && random.nextDouble() < cachedShare) {
            int blocks = (int) (in * (0.2 + 0.7 * random.nextDouble())) / MooncakeTrace.BLOCK_TOKENS;
            cached = blocks * MooncakeTrace.BLOCK_TOKENS;
        }
        return new TokenSample(in, out, cached);
    }

    private static int draw(RandomGenerator random, double mu, double sigma, int max) {
        long v = Math.round(Math.exp(mu + sigma * random.nextGaussian()));
        return (int) Math.max(1, Math.min(max, v));
    }

    @Override
    public String describe() {
        return name;
    }
}
