package dev.agentwatch.sink.broker;

import dev.agentwatch.localcluster.junit.LocalKafka;
import dev.agentwatch.localcluster.junit.WithLocalKafka;
import dev.agentwatch.schema.AlertEvent;
import dev.agentwatch.schema.AvroSerdeConfig;
import dev.agentwatch.schema.registry.SchemaRegistryUnavailableException;
import dev.agentwatch.schema.serde.AvroSerde;
import dev.agentwatch.schema.serde.AvroSerializationException;
import dev.agentwatch.sink.delivery.DeliverySettings;
import dev.agentwatch.sink.delivery.ParkingLot;
import dev.agentwatch.sink.delivery.RetryPolicy;
import dev.agentwatch.topics.DeadLetterHeaders;
import dev.agentwatch.sink.kafka.KafkaParkingLot;
import dev.agentwatch.sink.metrics.SinkMetrics;
import dev.agentwatch.sink.model.AlertLabels;
import dev.agentwatch.sink.model.NotifiedAlert;
import dev.agentwatch.sink.model.SourceRecord;
import dev.agentwatch.sink.testing.Alerts;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dead-letter writer against the real broker: records that would exceed the producer's or the topic's size
 * limit are made to fit (and say so) instead of being refused, a record the broker refuses even in its smallest
 * form comes back refused, at once, instead of being retried forever, and a parcel that failed part-way is not
 * written twice.
 */
@WithLocalKafka
class DeadLetterFitTest {

    private final AvroSerde<AlertEvent> serde = new AvroSerde<>(AlertEvent.class);
    private final SinkMetrics metrics = new SinkMetrics();
    private LocalKafka kafka;

    @BeforeEach
    void configure(LocalKafka kafka) {
        this.kafka = kafka;
        serde.configure(Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, kafka.schemaRegistryUrl()), false);
    }

    @AfterEach
    void close() {
        serde.close();
    }

    /** A firing alert whose description annotation is {@code bytes} long. */
    private static NotifiedAlert alert(String fingerprint, int bytes) {
        AlertEvent a = AlertEvent.newBuilder(Alerts.firing(fingerprint, "AgentTimeout", "agent-1", "CRITICAL", Instant.now()))
                .setAnnotations(Map.of("description", "d".repeat(bytes)))
                .build();
        return new NotifiedAlert(a, AlertLabels.of(a), List.of(), new SourceRecord("agentwatch.alerts", 2, 41));
    }

    private KafkaParkingLot lot(String topic) {
        return lot(topic, serde.serializer());
    }

    private KafkaParkingLot lot(String topic, Serializer<AlertEvent> serializer) {
        return new KafkaParkingLot(kafka.bootstrapServers(), topic, serializer, RetryPolicy.of(DeliverySettings.DEFAULTS, new SplittableRandom(1)),
                metrics, Clock.systemUTC());
    }

    private static <T> T done(CompletableFuture<T> f) throws Exception {
        return f.get(60, TimeUnit.SECONDS);
    }

    private double truncated(String part) {
        return HttpGet.sample(metrics.scrape(), "agentwatch_sink_dead_letter_truncated_total{part=\"" + part + "\"}");
    }

    private List<ConsumerRecord<byte[], byte[]>> read(String topic, int n) {
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, kafka.uniqueName("dlq-reader"),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.FETCH_MAX_BYTES_CONFIG, 4 * 1024 * 1024,
                ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 4 * 1024 * 1024), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            c.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (out.size() < n && System.nanoTime() < deadline) {
                c.poll(Duration.ofMillis(200)).forEach(out::add);
            }
        }
        return out;
    }

    private static String header(ConsumerRecord<byte[], byte[]> r, String name) {
        return DeadLetterHeaders.text(r.headers(), name);
    }

    @Test
    void anAlertLargerThanTheProducerAcceptsIsStoredCutToItsBoundAndMarked() throws Exception {
        String topic = kafka.uniqueName("alerts.dlq");
        kafka.createTopic(topic, 1, Map.of());
        NotifiedAlert big = alert("fp-big", 1_200_000); // over max.request.size (1 MiB) on its own
        String longDetail = "é".repeat(2_000); // a receiver's long error page, two bytes a character
        try (KafkaParkingLot lot = lot(topic)) {
            Map<ParkingLot.Parcel, ParkingLot.Refused> refused = done(lot.park(List.of(
                    new ParkingLot.Parcel(List.of(big), "oncall/pagerduty[0]", "http-400", longDetail))));
            assertThat(refused).isEmpty();
        }
        ConsumerRecord<byte[], byte[]> r = read(topic, 1).get(0);
        assertThat(new String(r.key(), StandardCharsets.UTF_8)).isEqualTo("fp-big");
        assertThat(r.value()).hasSize(512 * 1024);
        assertThat(header(r, DeadLetterHeaders.TRUNCATED)).isEqualTo("detail,value");
        assertThat(Integer.parseInt(header(r, DeadLetterHeaders.VALUE_SIZE))).isGreaterThan(1_200_000);
        assertThat(header(r, DeadLetterHeaders.DETAIL)).isEqualTo("é".repeat(500));
        assertThat(header(r, DeadLetterHeaders.REASON)).isEqualTo("http-400");
        assertThat(header(r, DeadLetterHeaders.SOURCE_OFFSET)).isEqualTo("41");
        assertThat(truncated("detail")).isEqualTo(1);
        assertThat(truncated("value")).isEqualTo(1);
    }

    @Test
    void aTopicWithASmallerLimitGetsTheRecordWithoutItsValueSayingWhy() throws Exception {
        String topic = kafka.uniqueName("alerts.dlq");
        kafka.createTopic(topic, 1, Map.of("max.message.bytes", "20000"));
        try (KafkaParkingLot lot = lot(topic)) {
            Map<ParkingLot.Parcel, ParkingLot.Refused> refused = done(lot.park(List.of(
                    new ParkingLot.Parcel(List.of(alert("fp-1", 50_000), alert("fp-2", 10)), "team/slack[0]", "queue-full", "full"))));
            assertThat(refused).isEmpty();
        }
        List<ConsumerRecord<byte[], byte[]>> records = read(topic, 2);
        assertThat(records).hasSize(2);
        ConsumerRecord<byte[], byte[]> cut = records.stream().filter(r -> new String(r.key(), StandardCharsets.UTF_8).equals("fp-1"))
                .findFirst().orElseThrow();
        assertThat(cut.value()).isNull();
        assertThat(header(cut, DeadLetterHeaders.TRUNCATED)).isEqualTo("value");
        assertThat(header(cut, DeadLetterHeaders.WRITE_ERROR)).contains("RecordTooLargeException");
        assertThat(header(cut, DeadLetterHeaders.REASON)).isEqualTo("queue-full");
        ConsumerRecord<byte[], byte[]> whole = records.stream().filter(r -> new String(r.key(), StandardCharsets.UTF_8).equals("fp-2"))
                .findFirst().orElseThrow();
        assertThat(whole.value()).isNotNull();
        assertThat(header(whole, DeadLetterHeaders.TRUNCATED)).isNull();
    }

    @Test
    void aRecordRefusedEvenWithoutItsValueIsRefusedAtOnceNotRetried() throws Exception {
        String topic = kafka.uniqueName("alerts.dlq");
        kafka.createTopic(topic, 1, Map.of("max.message.bytes", "64"));
        long start = System.nanoTime();
        try (KafkaParkingLot lot = lot(topic)) {
            NotifiedAlert a = alert("fp-1", 10);
            ParkingLot.Parcel p = new ParkingLot.Parcel(List.of(a), "team/slack[0]", "http-404", "no_service");
            Map<ParkingLot.Parcel, ParkingLot.Refused> refused = done(lot.park(List.of(p)));
            assertThat(refused).containsOnlyKeys(p);
            assertThat(refused.get(p).alerts()).containsExactly(a);
            assertThat(refused.get(p).error()).contains("RecordTooLargeException").contains("without its value");

            Optional<String> junk = done(lot.parkRecord(new SourceRecord("agentwatch.alerts", 0, 3), "k".getBytes(StandardCharsets.UTF_8),
                    "not avro".getBytes(StandardCharsets.UTF_8), "bad-magic-byte", "first byte is not 0"));
            assertThat(junk).get(InstanceOfAssertFactories.STRING).contains("RecordTooLargeException");
            assertThat(lot.unavailable()).as("the record's fault, not the topic's").isEmpty();
        }
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(20));
        assertThat(metrics.scrape()).doesNotContain("agentwatch_sink_dead_letter_retries_total{");
    }

    @Test
    void aParcelWhoseSecondAlertCouldNotBeEncodedForAMomentIsStoredOnceEach() throws Exception {
        String topic = kafka.uniqueName("alerts.dlq");
        kafka.createTopic(topic, 1, Map.of());
        AtomicInteger calls = new AtomicInteger();
        Serializer<AlertEvent> registryAwayOnce = (t, event) -> {
            if (calls.incrementAndGet() == 2) {
                throw new AvroSerializationException("cannot register the schema",
                        new SchemaRegistryUnavailableException("connection refused"));
            }
            return serde.serializer().serialize(t, event);
        };
        try (KafkaParkingLot lot = lot(topic, registryAwayOnce)) {
            ParkingLot.Parcel p = new ParkingLot.Parcel(List.of(alert("fp-1", 10), alert("fp-2", 10), alert("fp-3", 10)),
                    "team/slack[0]", "http-404", "no_service");
            assertThat(done(lot.park(List.of(p)))).isEmpty();
        }
        List<ConsumerRecord<byte[], byte[]>> stored = read(topic, 4);
        assertThat(stored).extracting(r -> new String(r.key(), StandardCharsets.UTF_8)).containsExactlyInAnyOrder("fp-1", "fp-2", "fp-3");
        assertThat(HttpGet.sample(metrics.scrape(), "agentwatch_sink_dead_letter_retries_total{error=\"AvroSerializationException\"}"))
                .isEqualTo(1);
    }

    @Test
    void anUnreadableInputRecordLargerThanTheProducerAcceptsIsStoredCut() throws Exception {
        String topic = kafka.uniqueName("alerts.dlq");
        kafka.createTopic(topic, 1, Map.of());
        byte[] junk = new byte[1_500_000];
        try (KafkaParkingLot lot = lot(topic)) {
            assertThat(done(lot.parkRecord(new SourceRecord("agentwatch.alerts", 0, 9), "k".repeat(5_000).getBytes(StandardCharsets.UTF_8),
                    junk, "bad-magic-byte", "first byte is not 0"))).isEmpty();
        }
        ConsumerRecord<byte[], byte[]> r = read(topic, 1).get(0);
        assertThat(r.key()).hasSize(1024);
        assertThat(r.value()).hasSize(512 * 1024);
        assertThat(header(r, DeadLetterHeaders.TRUNCATED)).isEqualTo("value,key");
        assertThat(header(r, DeadLetterHeaders.VALUE_SIZE)).isEqualTo("1500000");
    }
}
