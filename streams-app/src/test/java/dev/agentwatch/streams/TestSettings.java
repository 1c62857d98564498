package dev.agentwatch.streams;

import dev.agentwatch.config.KafkaEndpoints;
import dev.agentwatch.config.TopicNames;
import dev.agentwatch.pricing.PriceTable;

import java.time.Duration;
import java.util.Map;

/** Streams settings for tests: SPEC defaults, unique topic names, a given registry. */
final class TestSettings {

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
                System.getProperty("java.io.tmpdir") + "/agentwatch-test-state/" + topicPrefix, 0, 0, 1,
                Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofDays(7), Duration.ofDays(1), Duration.ofDays(30), idleAdvanceAfter,
                prices);
    }

    static PriceTable prices() {
        return new PriceTable(Map.of("gpt-4o", new PriceTable.Price(2.5, 10.0)), new PriceTable.Price(1.0, 3.0));
    }
}
