package dev.agentwatch.sink.delivery;

import java.time.Duration;

/**
 * Retry and bounding policy of every queue: exponential backoff between {@code initialBackoff} and
 * {@code maxBackoff}; a Retry-After is honoured up to {@code maxRetryAfter}; no retry comes sooner than
 * {@link RetryPolicy#FLOOR}. A notification still failing after {@code giveUpAfter} is parked in the dead-letter
 * topic as {@code retries-exhausted} (so an outage of an hour loses nothing and a receiver gone for good does not
 * hold the partition forever). Each integration holds at most {@code maxQueued} notifications; beyond that the
 * oldest are parked as {@code queue-full}, so one receiver's backlog never grows without bound nor holds up the
 * others. Dead-letter writes are retried with the same backoff for as long as the topic does not take them; only a
 * record the topic refuses as a record, even without its value, is given up (logged with its coordinates, counted).
 */
public record DeliverySettings(Duration initialBackoff, Duration maxBackoff, Duration maxRetryAfter, Duration giveUpAfter,
                               Duration httpTimeout, int maxQueued) {

    public static final DeliverySettings DEFAULTS = new DeliverySettings(Duration.ofSeconds(1), Duration.ofMinutes(5),
            Duration.ofHours(1), Duration.ofHours(24), Duration.ofSeconds(10), 10_000);
}
