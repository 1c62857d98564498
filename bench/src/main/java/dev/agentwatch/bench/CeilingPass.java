package dev.agentwatch.bench;

import dev.agentwatch.schema.AvroSerdeConfig;
import dev.agentwatch.schema.MetricEvent;
import dev.agentwatch.schema.serde.AvroDeserializer;
import dev.agentwatch.streams.StreamsAppMain;
import dev.agentwatch.streams.StreamsSettings;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;

import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * What any Kafka Streams app can reach here: the app's properties (exactly_once_v2, same commit interval) and
 * source, our Avro deserializer, and nothing else (no state, no output). The app's rate over this one says what
 * agentwatch's own work costs, apart from Kafka Streams' per-record and per-commit overhead.
 */
final class CeilingPass {

    record Result(long records, double seconds) {
        double eventsPerSecond() {
            return records / seconds;
        }
    }

    private CeilingPass() {
    }

    static Result run(StreamsSettings settings, String topic, long expected, long deadlineNanos) {
        AvroDeserializer<MetricEvent> deserializer = new AvroDeserializer<>(MetricEvent.class);
        deserializer.configure(Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, settings.kafka().schemaRegistryUrl()), false);
        LongAdder decoded = new LongAdder();
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream(topic, Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()))
                .foreach((k, v) -> {
                    if (deserializer.deserialize(topic, v) != null) {
                        decoded.increment();
                    }
                });
        Properties props = StreamsAppMain.streamsProperties(settings);
        try (KafkaStreams streams = new KafkaStreams(builder.build(), props)) {
            streams.start();
            long first = 0;
            long firstCount = 0;
            while (true) {
                long n = decoded.sum();
                long now = System.nanoTime();
                if (n > 0 && first == 0) {
                    first = now;
                    firstCount = n;
                }
                if (n >= expected) {
                    return new Result(n - firstCount, (now - first) / 1e9);
                }
                if (now > deadlineNanos || streams.state() == KafkaStreams.State.ERROR) {
                    throw new BenchTimeoutException("ceiling: " + n + " of " + expected + " records decoded (" + streams.state() + ")");
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(2));
            }
        } finally {
            deserializer.close();
        }
    }
}
