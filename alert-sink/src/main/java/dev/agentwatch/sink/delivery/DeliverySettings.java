package dev.agentwatch.sink.delivery;

import java.time.Duration;

/**
 * Retry policy of every queue: exponential backoff between {@code initialBackoff} and {@code maxBackoff};
 * a Retry-After is honoured up to {@code maxRetryAfter}; a notification still failing after {@code giveUpAfter}
 * is parked in the dead-letter topic as {@code retries-exhausted} (so an outage of an hour loses nothing and a
 * receiver gone for good does not hold the partition forever).
 */
public record DeliverySettings(Duration initialBackoff, Duration maxBackoff, Duration maxRetryAfter, Duration giveUpAfter,
                               Duration httpTimeout) {

    public static final DeliverySettings DEFAULTS = new DeliverySettings(Duration.ofSeconds(1), Duration.ofMinutes(5),
            Duration.ofHours(1), Duration.ofHours(24), Duration.ofSeconds(10));
}
