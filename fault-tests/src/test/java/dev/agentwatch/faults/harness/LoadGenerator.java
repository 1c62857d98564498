package dev.agentwatch.faults.harness;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;

import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import dev.agentwatch.schema.AvroSerdeConfig;
import dev.agentwatch.schema.MetricEvent;
import dev.agentwatch.schema.serde.AvroSerializer;

/**
 * Producer of a fleet's events at a fixed rate, stamped with the wall clock, Avro in the Confluent wire format through
 * the product's serializer, keyed by agent_id; acks=all and idempotent, as agents should produce. Raw records
 * (garbage bytes, hostile records) can be interleaved, one in every N records, or sent one-off with {@link #send}.
 * Counts what was sent and acknowledged per kind, and where every acknowledged raw record landed.
 */
public final class LoadGenerator implements AutoCloseable {

    public static final String VALID = "valid";

    /** Raw records of one kind interleaved as every {@code everyNth} record; {@code make} gets the record's number. */
    public record Interleave(String kind, long everyNth, Function<Long, ProducerRecord<byte[], byte[]>> make) {
    }

    /** What happened so far. */
    public record Stats(Map<String, Long> sent, Map<String, Long> acked, long failed, String firstFailure, double seconds) {
        public long sent(String kind) {
            return sent.getOrDefault(kind, 0L);
        }

        public long acked(String kind) {
            return acked.getOrDefault(kind, 0L);
        }

        public long totalAcked() {
            return acked.values().stream().mapToLong(Long::longValue).sum();
        }

        public long totalSent() {
            return sent.values().stream().mapToLong(Long::longValue).sum();
        }

        public double ratePerSecond() {
            return seconds <= 0 ? 0 : totalSent() / seconds;
        }
    }

    public static final class Builder {
        private final FaultRun run;
        private final Pipeline owner;
        private final String bootstrap;
        private final String registryUrl;
        private final String topic;
        private final Fleet fleet;
        private double rate = 1_000;
        private long maxRecords = Long.MAX_VALUE;
        private final List<Interleave> interleaves = new ArrayList<>();

        private Builder(FaultRun run, Pipeline owner, String bootstrap, String registryUrl, String topic, Fleet fleet) {
            this.run = run;
            this.owner = owner;
            this.bootstrap = bootstrap;
            this.registryUrl = registryUrl;
            this.topic = topic;
            this.fleet = fleet;
        }

        /** Records per second, raw ones included. */
        public Builder rate(double perSecond) {
            this.rate = perSecond;
            return this;
        }

        /** Stop after this many records, raw ones included; default: until {@link #stop()}. */
        public Builder records(long n) {
            this.maxRecords = n;
            return this;
        }

        public Builder interleave(String kind, long everyNth, Function<Long, ProducerRecord<byte[], byte[]>> make) {
            interleaves.add(new Interleave(kind, everyNth, make));
            return this;
        }

        public LoadGenerator start() {
            LoadGenerator g = owner.own(new LoadGenerator(this));
            g.thread.start();
            run.report("load: %,.0f records/s to %s%s%s", rate, topic, maxRecords == Long.MAX_VALUE ? "" : ", " + maxRecords + " records",
                    interleaves.isEmpty() ? "" : ", interleaved " + interleaves.stream().map(i -> i.kind() + " 1/" + i.everyNth()).toList());
            return g;
        }
    }

    private final Builder spec;
    private final KafkaProducer<byte[], byte[]> producer;
    private final AvroSerializer<MetricEvent> values = new AvroSerializer<>();
    private final Map<String, LongAdder> sent = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> acked = new ConcurrentHashMap<>();
    private final LongAdder failed = new LongAdder();
    private final AtomicReference<String> firstFailure = new AtomicReference<>();
    private final Queue<SentRecord> rawLanded = new ConcurrentLinkedQueue<>();
    private final Thread thread;
    private volatile boolean stopping;
    private volatile long startNanos;
    private volatile long endNanos;

    private LoadGenerator(Builder spec) {
        this.spec = spec;
        this.producer = new KafkaProducer<>(producerConfig(spec.bootstrap), new ByteArraySerializer(), new ByteArraySerializer());
        values.configure(Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, spec.registryUrl), false);
        this.thread = new Thread(this::produce, "load-generator");
        thread.setDaemon(true);
    }

    static Builder builder(FaultRun run, Pipeline owner, String bootstrap, String registryUrl, String topic, Fleet fleet) {
        return new Builder(run, owner, bootstrap, registryUrl, topic, fleet);
    }

    static Map<String, Object> producerConfig(String bootstrap) {
        return Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 5,
                ProducerConfig.BATCH_SIZE_CONFIG, 128 * 1024,
                ProducerConfig.BUFFER_MEMORY_CONFIG, 128L * 1024 * 1024,
                // Records buffered through a broker outage of a few minutes are delivered, not failed.
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 300_000,
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 300_000,
                ProducerConfig.CLIENT_ID_CONFIG, "fault-load");
    }

    private void produce() {
        startNanos = System.nanoTime();
        long n = 0;
        try {
            while (!stopping && n < spec.maxRecords) {
                long due = Math.min(spec.maxRecords, (long) ((System.nanoTime() - startNanos) / 1e9 * spec.rate));
                for (; n < due && !stopping; n++) {
                    sendNumbered(n);
                }
                LockSupport.parkNanos(500_000);
            }
            producer.flush();
        } catch (RuntimeException e) {
            firstFailure.compareAndSet(null, "producing stopped: " + e);
            failed.increment();
        } finally {
            endNanos = System.nanoTime();
        }
    }

    private void sendNumbered(long n) {
        for (Interleave i : spec.interleaves) {
            if (n % i.everyNth() == i.everyNth() - 1) {
                send(i.kind(), i.make().apply(n));
                return;
            }
        }
        MetricEvent e = spec.fleet.next(Instant.now());
        send(VALID, new ProducerRecord<>(spec.topic, null, e.getTimestamp().toEpochMilli(),
                e.getAgentId().getBytes(StandardCharsets.UTF_8), values.serialize(spec.topic, e)));
    }

    /** Sends one record of {@code kind} now (from any thread); counted and, unless valid, its landing kept. */
    public Future<RecordMetadata> send(String kind, ProducerRecord<byte[], byte[]> record) {
        sent.computeIfAbsent(kind, k -> new LongAdder()).increment();
        Callback callback = (meta, error) -> {
            if (error != null) {
                failed.increment();
                firstFailure.compareAndSet(null, kind + ": " + error);
                return;
            }
            acked.computeIfAbsent(kind, k -> new LongAdder()).increment();
            if (!VALID.equals(kind)) {
                rawLanded.add(new SentRecord(kind, meta.partition(), meta.offset()));
            }
        };
        return producer.send(record, callback);
    }

    /** A valid event of {@code agent} now, serialized as the generator does; for hand-made variants. */
    public byte[] serialize(MetricEvent event) {
        return values.serialize(spec.topic, event);
    }

    public String topic() {
        return spec.topic;
    }

    /** Stops producing and waits until every record sent is acknowledged or failed. */
    public Stats stop() {
        stopping = true;
        join(Duration.ofMinutes(6));
        producer.flush();
        return stats();
    }

    /** Waits for a bounded run ({@link Builder#records}) to end and its records to be acknowledged. */
    public Stats awaitDone(Duration timeout) {
        join(timeout);
        if (thread.isAlive()) {
            throw new AssertionError("load generator still producing after " + timeout + ": " + stats());
        }
        producer.flush();
        return stats();
    }

    public Stats stats() {
        long end = endNanos != 0 ? endNanos : System.nanoTime();
        return new Stats(totals(sent), totals(acked), failed.sum(), firstFailure.get(), startNanos == 0 ? 0 : (end - startNanos) / 1e9);
    }

    /** Where every acknowledged raw record (not {@value #VALID}) landed. */
    public List<SentRecord> rawLanded() {
        return List.copyOf(rawLanded);
    }

    private static Map<String, Long> totals(Map<String, LongAdder> counts) {
        Map<String, Long> out = new TreeMap<>();
        counts.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }

    private void join(Duration timeout) {
        try {
            thread.join(timeout.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        stopping = true;
        join(Duration.ofSeconds(10));
        producer.close(Duration.ofSeconds(5));
        values.close();
    }

    @Override
    public String toString() {
        return "load generator to " + spec.topic;
    }
}
