package dev.agentwatch.sink.delivery;

import java.time.Duration;
import java.time.Instant;
import java.util.random.RandomGenerator;

/**
 * How long to wait before trying again for every retry the sink makes (deliveries and dead-letter writes), and when
 * a delivery stops being retried. Every wait is at least {@link #FLOOR}, so {@code Retry-After: 0}, a Retry-After
 * date in the past or a tiny {@code initial_backoff} cannot turn into a hot loop; a Retry-After above the floor is
 * honoured up to {@code max_retry_after}; without one, the backoff doubles with jitter. A dead-letter write is
 * retried for as long as the topic does not take it: it is the last place an alert can go.
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

    /** With the backoff of {@code settings} ({@code initial_backoff} to {@code max_backoff}). */
    public static RetryPolicy of(DeliverySettings settings, RandomGenerator random) {
        return new RetryPolicy(new Backoff(settings.initialBackoff(), settings.maxBackoff(), random), settings);
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

}
