package dev.agentwatch.sink.config;

import java.time.Duration;

/**
 * The alerts consumer: its group (every instance with the same group shares the partitions), how many
 * undelivered records it holds before pausing, and how long expired silences are kept before being purged.
 */
public record ConsumerSettings(String groupId, int maxPending, Duration purgeSilencesAfter) {

    public static final ConsumerSettings DEFAULTS = new ConsumerSettings("agentwatch-alert-sink", 10_000, Duration.ofDays(5));
}
