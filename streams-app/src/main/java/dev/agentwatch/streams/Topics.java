package dev.agentwatch.streams;

import dev.agentwatch.config.TopicNames;
import dev.agentwatch.schema.AlertEvent;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * The topics the streams app reads and writes, each with its serdes, so topology code names a topic
 * object and never a serde or a literal name.
 */
public final class Topics {

    /** A topic name with the serdes of its keys and values. */
    public record Topic<K, V>(String name, Serde<K> keySerde, Serde<V> valueSerde) {
    }

    /** Metric events as raw bytes: decoding happens in the topology, so bad bytes can be dead-lettered. */
    public final Topic<byte[], byte[]> metricsRaw;
    public final Topic<byte[], byte[]> metricsDlq;
    public final Topic<String, AlertEvent> alerts;
    public final Topic<String, String> rules;

    public Topics(TopicNames names, Serde<AlertEvent> alertSerde) {
        this.metricsRaw = new Topic<>(names.metrics(), Serdes.ByteArray(), Serdes.ByteArray());
        this.metricsDlq = new Topic<>(names.metricsDlq(), Serdes.ByteArray(), Serdes.ByteArray());
        this.alerts = new Topic<>(names.alerts(), Serdes.String(), alertSerde);
        this.rules = new Topic<>(names.rules(), Serdes.String(), Serdes.String());
    }
}
