package dev.agentwatch.sink.kafka;

import dev.agentwatch.schema.AlertEvent;
import dev.agentwatch.sink.delivery.ParkingLot;
import dev.agentwatch.sink.delivery.RetryPolicy;
import dev.agentwatch.sink.metrics.SinkMetrics;
import dev.agentwatch.sink.model.NotifiedAlert;
import dev.agentwatch.sink.model.SourceRecord;
import dev.agentwatch.sink.secrets.Redactor;
import org.apache.kafka.common.serialization.Serializer;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Writes undeliverable notifications to the alerts dead-letter topic: one record per alert (key = fingerprint,
 * value = the alert in the same Avro as the alerts topic), with the reason in headers, each record made to fit
 * ({@link DeadLetter}); and input records that are not alerts, as they are. Each record is written on its own by
 * the {@link DeadLetterWriter}, so a parcel written again after a failure part-way never stores an alert twice.
 *
 * <p>A record the topic refuses as a record (too large for a topic with a smaller limit, a bad timestamp) is written
 * once more without its value, so the reason and the alert's coordinates are still stored; only when that is refused
 * too is it given up. A topic that does not take records at all is waited for, however long.
 */
public final class KafkaParkingLot implements ParkingLot, AutoCloseable {

    private final String topic;
    private final Serializer<AlertEvent> serializer;
    private final Clock clock;
    private final DeadLetterWriter writer;

    /** @param retries how soon a write that failed for the topic's sake is tried again (never sooner than its floor) */
    public KafkaParkingLot(String bootstrapServers, String topic, Serializer<AlertEvent> serializer, RetryPolicy retries,
                           SinkMetrics metrics, Clock clock) {
        this.topic = topic;
        this.serializer = serializer;
        this.clock = clock;
        this.writer = new DeadLetterWriter(bootstrapServers, topic, retries, metrics, clock).start();
    }

    @Override
    public CompletableFuture<Map<Parcel, Refused>> park(List<Parcel> parcels) {
        // Per parcel, one future per alert, in the parcel's order.
        Map<Parcel, List<CompletableFuture<Optional<String>>>> written = new LinkedHashMap<>();
        List<CompletableFuture<Optional<String>>> all = new ArrayList<>();
        for (Parcel p : parcels) {
            List<CompletableFuture<Optional<String>>> mine = new ArrayList<>();
            for (NotifiedAlert a : p.alerts()) {
                mine.add(writer.write(() -> serializer.serialize(topic, a.event()),
                        value -> new DeadLetter(p.reason(), Redactor.scrub(p.detail()), p.integration(), a.source(), clock.instant(),
                                a.fingerprint().getBytes(StandardCharsets.UTF_8), value)));
            }
            all.addAll(mine);
            written.put(p, mine);
        }
        return CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).thenApply(done -> refused(written));
    }

    private static Map<Parcel, Refused> refused(Map<Parcel, List<CompletableFuture<Optional<String>>>> written) {
        Map<Parcel, Refused> out = new IdentityHashMap<>();
        written.forEach((p, results) -> {
            List<NotifiedAlert> refused = new ArrayList<>();
            String why = null;
            for (int i = 0; i < results.size(); i++) {
                Optional<String> r = results.get(i).join();
                if (r.isPresent()) {
                    refused.add(p.alerts().get(i));
                    why = why == null ? r.get() : why;
                }
            }
            if (!refused.isEmpty()) {
                out.put(p, new Refused(refused, why));
            }
        });
        return out;
    }

    @Override
    public CompletableFuture<Optional<String>> parkRecord(SourceRecord source, byte[] key, byte[] value, String reason, String detail) {
        return writer.write(() -> value, v -> new DeadLetter(reason, Redactor.scrub(detail), null, source, clock.instant(), key, v));
    }

    /** Why dead-letter writes are failing, while they are (for {@code /health}); empty while the topic takes records. */
    public Optional<String> unavailable() {
        return writer.unavailable();
    }

    @Override
    public void close() {
        writer.close();
    }
}
