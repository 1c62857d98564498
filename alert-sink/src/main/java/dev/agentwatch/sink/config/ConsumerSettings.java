package dev.agentwatch.sink.config;

import java.time.Duration;

/**
 * The alerts consumer: its group (every instance with the same group shares the partitions), how many
 * undelivered records it holds before pausing, how long the group waits for a silent instance before handing
 * its partitions to the others (Kafka's session timeout; an instance killed hard holds them that long), and how
 * long expired silences are kept before being purged.
 */
public record ConsumerSettings(String groupId, int maxPending, Duration sessionTimeout, Duration purgeSilencesAfter) {

    public static final ConsumerSettings DEFAULTS = new ConsumerSettings("agentwatch-alert-sink", 10_000,
            Duration.ofSeconds(45), Duration.ofDays(5));
}
