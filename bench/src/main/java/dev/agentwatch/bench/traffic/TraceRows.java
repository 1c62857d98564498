package dev.agentwatch.bench.traffic;

/**
 * One recorded trace as columns: arrival offset from the trace's first request, and the tokens of each
 * request. {@code cachedIn} is the prompt prefix a prefix cache would have served (0 when the trace cannot tell).
 */
public record TraceRows(String name, String attribution, long[] offsetMs, int[] tokensIn, int[] tokensOut, int[] cachedIn) {

    public TraceRows {
        int n = offsetMs.length;
        if (n == 0 || tokensIn.length != n || tokensOut.length != n || cachedIn.length != n) {
            throw new IllegalArgumentException(name + ": columns must be non-empty and of equal length");
        }
    }

    public int size() {
        return offsetMs.length;
    }

    /** Time from the first to the last request; at least 1 ms. */
    public long spanMs() {
        return Math.max(1, offsetMs[offsetMs.length - 1] - offsetMs[0]);
    }
}
