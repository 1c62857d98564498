package dev.agentwatch.sink.kafka;

import dev.agentwatch.schema.AlertEvent;
import dev.agentwatch.schema.serde.AvroSerializationException;
import dev.agentwatch.sink.delivery.ParkingLot;
import dev.agentwatch.sink.model.NotifiedAlert;
import dev.agentwatch.sink.model.SourceRecord;
import dev.agentwatch.sink.secrets.Redactor;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * Writes undeliverable notifications to the alerts dead-letter topic: one record per alert (key = fingerprint,
 * value = the alert in the same Avro as the alerts topic), with the reason in headers, each record made to fit
 * ({@link DeadLetter}). A batch is sent at once and then waited for, since the caller lets the offsets move past
 * those alerts only once the broker has them.
 *
 * <p>A record the producer refuses for good (too large for the topic, not serializable, not authorized) is
 * written once more without its value, so the reason and the alert's coordinates are still stored; only when that
 * is refused too is the failure reported as not retriable. Broker trouble (timeouts, no leader) is reported as
 * retriable. Either way nothing here retries: the caller's {@code RetryPolicy} bounds that.
 */
public final class KafkaParkingLot implements ParkingLot, AutoCloseable {

    /** Longer than the producer's delivery timeout, which ends every send first. */
    private static final long WAIT_MS = 40_000;

    private record Sent(DeadLetter letter, ProducerRecord<byte[], byte[]> record, Future<RecordMetadata> future) {
    }

    private final String topic;
    private final Serializer<AlertEvent> serializer;
    private final KafkaProducer<byte[], byte[]> producer;
    private final Clock clock;
    private final Consumer<String> truncated;

    /** @param truncated told which part of a record was cut or left out to make it fit (for the metric) */
    public KafkaParkingLot(String bootstrapServers, String topic, Serializer<AlertEvent> serializer, Clock clock,
                           Consumer<String> truncated) {
        this.topic = topic;
        this.serializer = serializer;
        this.clock = clock;
        this.truncated = truncated;
        this.producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                // Bounded waits, so a broker that is away is a retriable failure after 30 s, not a hung thread.
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000,
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000,
                ProducerConfig.CLIENT_ID_CONFIG, "agentwatch-sink-dlq"),
                new ByteArraySerializer(), new ByteArraySerializer());
    }

    @Override
    public Map<Parcel, Failure> park(List<Parcel> parcels) {
        Map<Parcel, List<Sent>> sent = new IdentityHashMap<>();
        Map<Parcel, Failure> failed = new IdentityHashMap<>();
        for (Parcel p : parcels) {
            List<Sent> mine = new ArrayList<>();
            for (NotifiedAlert a : p.alerts()) {
                byte[] value;
                try {
                    value = serializer.serialize(topic, a.event());
                } catch (AvroSerializationException e) {
                    if (e.isRetriable()) {
                        failed.put(p, new Failure(true, Redactor.describe(e)));
                        break;
                    }
                    value = null; // cannot be encoded: the headers alone are stored
                }
                DeadLetter letter = new DeadLetter(p.reason(), Redactor.scrub(p.detail()), p.integration(), a.source(),
                        clock.instant(), a.fingerprint().getBytes(StandardCharsets.UTF_8), value);
                mine.add(send(letter, letter.record(topic)));
            }
            sent.put(p, mine);
        }
        for (Parcel p : parcels) {
            for (Sent s : sent.get(p)) {
                Failure f = settle(s);
                if (f != null && !(failed.get(p) != null && failed.get(p).retriable())) {
                    failed.put(p, f); // a retriable failure wins: writing the parcel again can help
                }
            }
        }
        return failed;
    }

    @Override
    public Optional<Failure> parkRecord(SourceRecord source, byte[] key, byte[] value, String reason, String detail) {
        DeadLetter letter = new DeadLetter(reason, Redactor.scrub(detail), null, source, clock.instant(), key, value);
        return Optional.ofNullable(settle(send(letter, letter.record(topic))));
    }

    /** Null when stored; else the failure, after the last resort of writing the record without its value. */
    private Failure settle(Sent s) {
        Throwable error = await(s.future());
        if (error == null) {
            countCuts(s.record());
            return null;
        }
        if (retriable(error)) {
            return new Failure(true, Redactor.describe(error));
        }
        String why = Redactor.describe(error);
        Sent bare = send(s.letter(), s.letter().withoutValue(topic, why));
        Throwable again = await(bare.future());
        if (again == null) {
            countCuts(bare.record());
            return null;
        }
        return new Failure(retriable(again), why + "; without its value: " + Redactor.describe(again));
    }

    /** The stored record's own header says what was cut; the counter is told each part. */
    private void countCuts(ProducerRecord<byte[], byte[]> stored) {
        String cut = DeadLetterHeaders.text(stored.headers(), DeadLetterHeaders.TRUNCATED);
        if (cut != null) {
            for (String part : cut.split(",")) {
                truncated.accept(part);
            }
        }
    }

    private Sent send(DeadLetter letter, ProducerRecord<byte[], byte[]> r) {
        Future<RecordMetadata> f;
        try {
            f = producer.send(r);
        } catch (RuntimeException e) {
            f = CompletableFuture.failedFuture(e);
        }
        return new Sent(letter, r, f);
    }

    /** The send's failure, or null when the broker has the record. */
    private static Throwable await(Future<RecordMetadata> f) {
        try {
            f.get(WAIT_MS, TimeUnit.MILLISECONDS);
            return null;
        } catch (ExecutionException e) {
            return e.getCause() == null ? e : e.getCause();
        } catch (TimeoutException e) {
            return e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new InterruptException(e);
        }
    }

    /** Broker trouble may pass; a record the producer or broker refused will be refused again. */
    private static boolean retriable(Throwable e) {
        return e instanceof RetriableException || e instanceof TimeoutException || e instanceof InterruptException;
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
