package dev.agentwatch.streams;

import dev.agentwatch.config.KafkaEndpoints;
import dev.agentwatch.config.TopicNames;
import dev.agentwatch.pricing.PriceTable;

import java.time.Duration;
import java.util.Map;

/** Streams settings for tests: SPEC defaults, unique topic names, a given registry. */
final class TestSettings {

    /**
     * Where TopologyTestDriver tests start the wall clock: a day after their events start, so that the hours of
     * event time a test plays are not ahead of the wall clock (an event counts no later than its arrival).
     */
    static final long WALL_CLOCK_AHEAD_MS = 86_400_000L;

    private TestSettings() {
    }

    static StreamsSettings of(String bootstrap, String registryUrl, String topicPrefix, PriceTable prices) {
        return of(bootstrap, registryUrl, topicPrefix, prices, Duration.ofMinutes(1));
    }

    static StreamsSettings of(String bootstrap, String registryUrl, String topicPrefix, PriceTable prices,
                              Duration idleAdvanceAfter) {
        TopicNames topics = new TopicNames(topicPrefix + ".metrics", topicPrefix + ".metrics.dlq", topicPrefix + ".alerts",
                topicPrefix + ".alerts.dlq", topicPrefix + ".rules", topicPrefix + ".silences", 2, (short) 1);
        return new StreamsSettings(new KafkaEndpoints(bootstrap, registryUrl), topics, topicPrefix + "-app",
                System.getProperty("java.io.tmpdir") + "/agentwatch-test-state/" + topicPrefix, 0, "127.0.0.1", "127.0.0.1", 0, 1,
                Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofDays(7), Duration.ofDays(1), Duration.ofDays(30), idleAdvanceAfter,
                StreamsSettings.DEFAULT_MAX_BACKLOG, StreamsSettings.DEFAULT_DEDUP_WINDOW, StreamsSettings.DEFAULT_MAX_AGENTS,
                dev.agentwatch.schema.validation.EventLimits.DEFAULT_MAX_RECORD_BYTES, StreamsSettings.DEFAULT_SESSION_TIMEOUT, prices);
    }

    static PriceTable prices() {
        return new PriceTable(Map.of("gpt-4o", new PriceTable.Price(2.5, 10.0)), new PriceTable.Price(1.0, 3.0));
    }
}
