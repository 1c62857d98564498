package dev.agentwatch.bench;

import dev.agentwatch.schema.AvroSerdeConfig;
import dev.agentwatch.schema.MetricEvent;
import dev.agentwatch.schema.serde.AvroSerializer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import java.io.PrintStream;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * Sends generated events to the metrics topic as fast as one producer can: Avro in the Confluent wire format via
 * our serializer, keyed by agent_id, record timestamp = event time; acks=all and idempotent (what agents in
 * production should use), batches of up to 256 KiB lingering 10 ms, compression as given.
 */
final class LoadProducer {

    /** How the produce phase went; {@code bytes} are serialized key + value bytes before compression. */
    record Result(long events, long bytes, double seconds) {
        double eventsPerSecond() {
            return events / seconds;
        }
    }

    private LoadProducer() {
    }

    static Map<String, Object> producerConfig(String bootstrap, String registryUrl, String compression) {
        Map<String, Object> p = new HashMap<>();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 10);
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        p.put(ProducerConfig.BUFFER_MEMORY_CONFIG, 64L * 1024 * 1024);
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, compression);
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "bench-load-producer");
        p.put(AvroSerdeConfig.SCHEMA_REGISTRY_URL, registryUrl);
        return p;
    }

    static Result produce(Iterator<MetricEvent> events, String topic, Map<String, Object> config, long deadlineNanos,
                          PrintStream out) {
        AvroSerializer<MetricEvent> values = new AvroSerializer<>();
        values.configure(config, false);
        LongAdder bytes = new LongAdder();
        AtomicReference<Exception> failure = new AtomicReference<>();
        long sent = 0;
        long t0 = System.nanoTime();
        long lastReport = t0;
        try (KafkaProducer<String, MetricEvent> producer = new KafkaProducer<>(config, new StringSerializer(), values)) {
            while (events.hasNext()) {
                MetricEvent e = events.next();
                producer.send(new ProducerRecord<>(topic, null, e.getTimestamp().toEpochMilli(), e.getAgentId(), e),
                        (meta, error) -> {
                            if (error != null) {
                                failure.compareAndSet(null, error);
                            } else {
                                bytes.add(meta.serializedKeySize() + meta.serializedValueSize());
                            }
                        });
                sent++;
                if ((sent & 0xFFFF) == 0) {
                    long now = System.nanoTime();
                    if (failure.get() != null) {
                        break;
                    }
                    if (now > deadlineNanos) {
                        throw new BenchTimeoutException("producing: only " + sent + " events sent before the deadline");
                    }
                    if (now - lastReport > 15_000_000_000L) {
                        out.printf("  produce: %,d events sent (%.0f/s)%n", sent, sent / ((now - t0) / 1e9));
                        lastReport = now;
                    }
                }
            }
            producer.flush();
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        if (failure.get() != null) {
            throw new IllegalStateException("producing failed: " + failure.get(), failure.get());
        }
        return new Result(sent, bytes.sum(), seconds);
    }
}
