package dev.agentwatch.bench.traffic;

import java.util.random.RandomGenerator;

/**
 * What one agent's calls look like: its typical call (a row of a trace, so prompt, completion and cached prompt keep
 * their real proportions) and how much its calls vary around it. Each call scales the typical prompt and completion
 * by independent lognormal factors of mean 1, so the agent's mean stays its typical call.
 */
public record Workload(TokenSample typical, CallSpread spread) {

    public TokenSample sample(RandomGenerator random) {
        double inFactor = factor(spread.logSdIn(), random);
        int in = scaled(typical.in(), inFactor);
        int out = scaled(typical.out(), factor(spread.logSdOut(), random));
        // The cached prefix is the same share of the prompt as in the typical call.
        int cached = typical.in() == 0 ? 0 : (int) Math.min(in, Math.round((double) typical.cachedIn() * in / typical.in()));
        return new TokenSample(in, out, cached);
    }

    /** At least one token, unless the typical call has none (a completion the trace recorded as empty). */
    private static int scaled(int tokens, double factor) {
        return tokens == 0 ? 0 : (int) Math.max(1, Math.round(tokens * factor));
    }

    private static double factor(double logSd, RandomGenerator random) {
        return logSd == 0 ? 1 : Math.exp(logSd * random.nextGaussian() - logSd * logSd / 2);
    }
}
