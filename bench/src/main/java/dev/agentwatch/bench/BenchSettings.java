package dev.agentwatch.bench;

import dev.agentwatch.config.AgentwatchConfig;
import dev.agentwatch.config.KafkaEndpoints;
import dev.agentwatch.config.TopicNames;
import dev.agentwatch.streams.StreamsSettings;

import java.util.Map;

/**
 * The streams app's settings as `make run` reads them (config/agentwatch.yaml: slice, grace, ages, prices, topic
 * names, ...), with only what a benchmark must own replaced: endpoints, partition count, a fresh application id and
 * state directory, the stream thread count under test, and no HTTP port.
 */
final class BenchSettings {

    private BenchSettings() {
    }

    static StreamsSettings fromConfig() {
        return StreamsSettings.from(AgentwatchConfig.load());
    }

    static StreamsSettings forRun(StreamsSettings base, String bootstrap, String registryUrl, int partitions, String applicationId,
                                  String stateDir, int threads) {
        return RecordCopy.with(base, Map.of(
                "kafka", new KafkaEndpoints(bootstrap, registryUrl),
                "topics", topics(base, partitions),
                "applicationId", applicationId,
                "stateDir", stateDir,
                "httpPort", 0, // the benchmark starts no HTTP API; the value only feeds application.server
                "numStreamThreads", threads));
    }

    /** The configured topic names with the benchmark's partition count. */
    static TopicNames topics(StreamsSettings base, int partitions) {
        TopicNames t = base.topics();
        return new TopicNames(t.metrics(), t.metricsDlq(), t.alerts(), t.alertsDlq(), t.rules(), t.silences(),
                partitions, t.replicationFactor());
    }
}
