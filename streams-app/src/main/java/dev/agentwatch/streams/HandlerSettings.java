package dev.agentwatch.streams;

import dev.agentwatch.ingest.IngestCounters;

import java.util.Map;

/**
 * What the exception handlers need, passed through the KafkaStreams properties (Kafka Streams builds handlers
 * from their class names and hands them the properties in {@code configure}).
 */
record HandlerSettings(String metricsTopic, String metricsDlqTopic, IngestCounters counters) {

    static final String KEY = "agentwatch.handler.settings";

    static HandlerSettings from(Map<String, ?> configs) {
        Object s = configs.get(KEY);
        if (!(s instanceof HandlerSettings settings)) {
            throw new IllegalStateException(KEY + " is missing from the streams properties");
        }
        return settings;
    }
}
