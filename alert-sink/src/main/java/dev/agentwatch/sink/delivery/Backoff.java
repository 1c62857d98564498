package dev.agentwatch.sink.delivery;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Exponential backoff with "equal jitter": attempt n waits between half and all of
 * {@code min(max, initial * 2^(n-1))}, so retries of many senders spread out yet never fire back-to-back.
 */
public final class Backoff {

    private final Duration initial;
    private final Duration max;
    private final RandomGenerator random;

    public Backoff(Duration initial, Duration max, RandomGenerator random) {
        if (initial.isZero() || initial.isNegative() || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("backoff needs 0 < initial <= max");
        }
        this.initial = initial;
        this.max = max;
        this.random = random;
    }

    /** The wait before retry number {@code attempt} (1 = after the first failure). */
    public Duration delay(int attempt) {
        long ceiling = ceilingMillis(attempt);
        long half = ceiling / 2;
        return Duration.ofMillis(ceiling - half + (half == 0 ? 0 : random.nextLong(half + 1)));
    }

    /** The upper bound of {@link #delay(int)}. */
    public long ceilingMillis(int attempt) {
        int shift = Math.min(Math.max(attempt, 1) - 1, 40);
        long grown = initial.toMillis() << shift;
        return grown <= 0 || grown > max.toMillis() ? max.toMillis() : grown;
    }
}
