package dev.agentwatch.sink.kafka;

import dev.agentwatch.schema.AlertEvent;
import dev.agentwatch.sink.delivery.ParkingLot;
import dev.agentwatch.sink.model.NotifiedAlert;
import dev.agentwatch.sink.model.SourceRecord;
import dev.agentwatch.sink.secrets.Redactor;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Writes refused notifications to the alerts dead-letter topic: one record per alert (key = fingerprint, value =
 * the alert in the same Avro as the alerts topic), with the reason in headers. Returns only when the broker has
 * them, since the caller then lets the offsets move past those alerts.
 */
public final class KafkaParkingLot implements ParkingLot, AutoCloseable {

    private static final long TIMEOUT_MS = 30_000;

    private final String topic;
    private final Serializer<AlertEvent> serializer;
    private final KafkaProducer<byte[], byte[]> producer;
    private final Clock clock;

    public KafkaParkingLot(String bootstrapServers, String topic, Serializer<AlertEvent> serializer, Clock clock) {
        this.topic = topic;
        this.serializer = serializer;
        this.clock = clock;
        this.producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.CLIENT_ID_CONFIG, "agentwatch-sink-dlq"),
                new ByteArraySerializer(), new ByteArraySerializer());
    }

    @Override
    public void park(List<NotifiedAlert> alerts, String integration, String reason, String detail) throws Exception {
        List<Future<RecordMetadata>> sent = new ArrayList<>();
        for (NotifiedAlert a : alerts) {
            SourceRecord src = a.source();
            var headers = DeadLetterHeaders.of(reason, Redactor.scrub(detail), integration, src.topic(), src.partition(),
                    src.offset(), clock.instant());
            sent.add(producer.send(new ProducerRecord<>(topic, null, a.fingerprint().getBytes(StandardCharsets.UTF_8),
                    serializer.serialize(topic, a.event()), headers)));
        }
        for (Future<RecordMetadata> f : sent) {
            f.get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public void parkRecord(SourceRecord source, byte[] key, byte[] value, String reason, String detail) throws Exception {
        var headers = DeadLetterHeaders.of(reason, Redactor.scrub(detail), null, source.topic(), source.partition(),
                source.offset(), clock.instant());
        producer.send(new ProducerRecord<>(topic, null, key, value, headers)).get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
