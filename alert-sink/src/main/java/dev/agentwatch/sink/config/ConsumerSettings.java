package dev.agentwatch.sink.config;

import java.time.Duration;

/**
 * The alerts consumer: its group (every instance with the same group shares the partitions), how long the group
 * waits for a silent instance before handing its partitions to the others (Kafka's session timeout; an instance
 * killed hard holds them that long), and how long expired silences are kept before being purged. How much
 * undelivered work the sink holds is bounded per integration ({@code delivery.max_queued}), not here.
 */
public record ConsumerSettings(String groupId, Duration sessionTimeout, Duration purgeSilencesAfter) {

    public static final ConsumerSettings DEFAULTS = new ConsumerSettings("agentwatch-alert-sink", Duration.ofSeconds(45),
            Duration.ofDays(5));
}
