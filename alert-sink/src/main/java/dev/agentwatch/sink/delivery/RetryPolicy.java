package dev.agentwatch.sink.delivery;

import java.time.Duration;
import java.time.Instant;

/**
 * How long to wait before trying again, and when to stop, for every retry the sink makes: deliveries and
 * dead-letter writes. Every wait is at least {@link #FLOOR}, so {@code Retry-After: 0}, a Retry-After date in the
 * past or a tiny {@code initial_backoff} cannot turn into a hot loop; a Retry-After above the floor is honoured up
 * to {@code max_retry_after}; without one, the backoff doubles with jitter.
 */
public final class RetryPolicy {

    /** The shortest wait before any retry. */
    public static final Duration FLOOR = Duration.ofSeconds(1);

    private final Backoff backoff;
    private final DeliverySettings settings;

    public RetryPolicy(Backoff backoff, DeliverySettings settings) {
        this.backoff = backoff;
        this.settings = settings;
    }

    /**
     * The wait before retry number {@code attempt} (1 = after the first failure); {@code retryAfter} is what the
     * receiver asked for, or null.
     */
    public Duration wait(int attempt, Duration retryAfter) {
        Duration w = retryAfter == null ? backoff.delay(attempt)
                : retryAfter.compareTo(settings.maxRetryAfter()) > 0 ? settings.maxRetryAfter() : retryAfter;
        return w.compareTo(FLOOR) < 0 ? FLOOR : w;
    }

    /** A delivery first tried at {@code first} has been retried long enough ({@code give_up_after}). */
    public boolean deliveryExhausted(Instant first, Instant now) {
        return !Duration.between(first, now).minus(settings.giveUpAfter()).isNegative();
    }

    /** A dead-letter write first tried at {@code first} has been retried long enough ({@code dead_letter_give_up_after}). */
    public boolean deadLetterExhausted(Instant first, Instant now) {
        return !Duration.between(first, now).minus(settings.deadLetterGiveUpAfter()).isNegative();
    }
}
