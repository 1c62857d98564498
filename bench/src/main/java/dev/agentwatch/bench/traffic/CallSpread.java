package dev.agentwatch.bench.traffic;

/**
 * How much one agent's calls vary around its typical call: the standard deviations of the logs of its prompt and
 * completion token counts.
 */
public record CallSpread(double logSdIn, double logSdOut) {

    public CallSpread {
        if (!(logSdIn >= 0) || !(logSdOut >= 0)) {
            throw new IllegalArgumentException("log standard deviations must be >= 0");
        }
    }
}
