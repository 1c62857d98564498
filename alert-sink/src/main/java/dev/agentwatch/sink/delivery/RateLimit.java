package dev.agentwatch.sink.delivery;

/** At most {@code perSecond} requests per second on average, with bursts of up to {@code burst}. */
public record RateLimit(double perSecond, int burst) {

    public RateLimit {
        if (!(perSecond > 0) || burst < 1) {
            throw new IllegalArgumentException("a rate limit needs per_second > 0 and burst >= 1");
        }
    }
}
