package dev.agentwatch.bench;

import dev.agentwatch.ingest.IngestCounters;
import dev.agentwatch.rules.RuleBook;
import dev.agentwatch.rules.RuleCompileOptions;
import dev.agentwatch.rules.RuleFiles;
import dev.agentwatch.schema.AlertEvent;
import dev.agentwatch.schema.AlertStatus;
import dev.agentwatch.schema.AvroSerdeConfig;
import dev.agentwatch.schema.MetricEvent;
import dev.agentwatch.schema.serde.AvroDeserializer;
import dev.agentwatch.schema.serde.AvroSerializer;
import dev.agentwatch.streams.AppTopology;
import dev.agentwatch.streams.StreamsAppMain;
import dev.agentwatch.streams.StreamsSettings;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * Event-to-alert latency in real time: events stamped now at a fixed rate over many agents, through the real
 * topology on a real broker; every 250 ms one agent sends a single call of 90 s, which alone makes
 * {@code latency_max > 60000ms} true for it. Triggers start after a warm-up (JIT, first assignment) and stop 15 s before
 * the end (each needs later events to move event time past its evaluation). Latency = wall time from sending that
 * event to reading its FIRING (read_committed). Printed as p50/p99 with the bar: p99 <= evaluation_interval (= slice)
 * + 1 s.
 */
public final class LatencyBenchmark {

    static final Map<String, String> DEFAULTS = Map.of("events", "3000000", "agents", "10000", "partitions", "6",
            "span", "60s", "threads", "1", "timeout", "10min");
    private static final long TRIGGER_EVERY_MS = 250;
    private static final long WARM_UP_MS = 15_000;

    private LatencyBenchmark() {
    }

    public static void main(String[] args) {
        BenchMain.main(args, DEFAULTS, LatencyBenchmark::run);
    }

    static boolean run(BenchOptions options, PrintStream out) throws Exception {
        String runId = "latency-" + ProcessHandle.current().pid() + "-" + System.currentTimeMillis();
        Path runDir = options.runDir().resolve(runId).toAbsolutePath();
        StreamsSettings base = BenchSettings.fromConfig();
        if (options.slice() != null) {
            base = RecordCopy.with(base, Map.of("slice", options.slice()));
        }
        Duration slice = base.slice();
        double rate = options.events() / (double) options.span().toSeconds();
        out.printf(Locale.ROOT, "== agentwatch latency benchmark ==%noptions: %s; target %,.0f events/s for %s; slice = evaluation "
                + "interval %s%n", options, rate, options.span(), slice);
        try (BenchCluster cluster = BenchCluster.start(runDir, options.keepRunDir(), out)) {
            StreamsSettings settings = BenchSettings.forRun(base, cluster.bootstrapServers(), cluster.registryUrl(),
                    options.partitions(), base.applicationId() + "-" + runId, runDir.resolve("state").toString(),
                    options.streamThreads().get(0));
            StreamsAppMain.ensureTopics(settings); // as the app creates them: partitions from the options, rules compacted
            RuleBook rules = new RuleBook(new RuleCompileOptions(slice));
            rules.install(RuleFiles.parse("latency-bench.yaml", """
                    evaluation_interval: %ds
                    rules:
                      - alert: VerySlowCall
                        condition: latency_max > 60000ms
                        severity: CRITICAL
                        min_samples: 1
                    """.formatted(slice.toSeconds() == 0 ? 1 : slice.toSeconds()), rules.options()));
            Map<String, Object> serde = Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, cluster.registryUrl());
            IngestCounters counters = new IngestCounters();
            Map<String, Long> sentAt = new ConcurrentHashMap<>();
            Map<String, Long> alertedAt = new ConcurrentHashMap<>();
            Map<String, Long> evaluatedAt = new ConcurrentHashMap<>();
            AtomicBoolean reading = new AtomicBoolean(true);
            Thread reader = new Thread(() -> readAlerts(cluster, settings, serde, alertedAt, evaluatedAt, reading), "alert-reader");
            try (AppTopology app = AppTopology.build(settings, new AppTopology.Shared(counters, rules));
                 KafkaStreams streams = new KafkaStreams(app.topology(), StreamsAppMain.streamsProperties(settings))) {
                streams.start();
                awaitRunning(streams);
                reader.start();
                long sent = produce(cluster, settings, serde, options, rate, sentAt, out);
                long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (alertedAt.size() < sentAt.size() && System.nanoTime() < end) {
                    Thread.sleep(100);
                }
                out.printf(Locale.ROOT, "streams: %,d of %,d events accepted by the end%n", counters.acceptedCount(), sent);
            } finally {
                reading.set(false);
                reader.join(10_000);
            }
            List<Long> latencies = new ArrayList<>();
            sentAt.forEach((agent, t) -> {
                Long a = alertedAt.get(agent);
                if (a != null) {
                    latencies.add(a - t);
                }
            });
            latencies.sort(null);
            // Where the time goes: event time reaching the next evaluation vs. evaluation to the committed record.
            List<Long> toEvaluation = new ArrayList<>();
            List<Long> toVisible = new ArrayList<>();
            sentAt.forEach((agent, t) -> {
                if (evaluatedAt.containsKey(agent)) {
                    toEvaluation.add(evaluatedAt.get(agent) - t);
                    toVisible.add(alertedAt.get(agent) - evaluatedAt.get(agent));
                }
            });
            toEvaluation.sort(null);
            toVisible.sort(null);
            out.printf(Locale.ROOT, "latency parts (median): send -> evaluated_at (event time of the evaluation) %d ms; evaluated_at -> "
                    + "FIRING read %d ms%n", toEvaluation.isEmpty() ? -1 : toEvaluation.get(toEvaluation.size() / 2),
                    toVisible.isEmpty() ? -1 : toVisible.get(toVisible.size() / 2));
            if (latencies.isEmpty()) {
                out.println("no FIRING alert arrived for any of " + sentAt.size() + " triggers");
                return false;
            }
            long p50 = latencies.get((int) Math.ceil(0.50 * latencies.size()) - 1);
            long p90 = latencies.get((int) Math.ceil(0.90 * latencies.size()) - 1);
            long p99 = latencies.get((int) Math.ceil(0.99 * latencies.size()) - 1);
            long bar = slice.toMillis() + 1_000;
            out.printf(Locale.ROOT, "latency: %d of %d triggers alerted; event-to-alert p50 %d ms, p90 %d ms, p99 %d ms, max %d ms (bar: p99 <= %d ms) -> %s%n",
                    latencies.size(), sentAt.size(), p50, p90, p99, latencies.get(latencies.size() - 1), bar, p99 <= bar ? "OK" : "ABOVE BAR");
            out.printf(Locale.ROOT, "latency_p50_ms=%d%nlatency_p99_ms=%d%n", p50, p99);
            return latencies.size() == sentAt.size();
        }
    }

    /** Events stamped now at {@code rate} over the agents; every 2 s one trigger agent sends one 90 s call. */
    private static long produce(BenchCluster cluster, StreamsSettings settings, Map<String, Object> serde, BenchOptions options,
                                double rate, Map<String, Long> sentAt, PrintStream out) {
        AvroSerializer<MetricEvent> values = new AvroSerializer<>();
        values.configure(serde, false);
        String topic = settings.topics().metrics();
        long n = 0;
        int triggers = 0;
        try (KafkaProducer<String, MetricEvent> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers(), ProducerConfig.LINGER_MS_CONFIG, 5,
                ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024, ProducerConfig.COMPRESSION_TYPE_CONFIG, options.compression()),
                new StringSerializer(), values)) {
            long t0 = System.nanoTime();
            long endNanos = t0 + options.span().toNanos();
            long nextTrigger = t0 + WARM_UP_MS * 1_000_000L;
            java.util.SplittableRandom random = new java.util.SplittableRandom(options.seed());
            while (true) {
                long now = System.nanoTime();
                if (now >= endNanos) {
                    break;
                }
                long due = (long) ((now - t0) / 1e9 * rate);
                while (n < due) {
                    String agent = "agent-" + random.nextInt(options.agents());
                    MetricEvent e = MetricEvent.newBuilder().setEventId("e" + n).setAgentId(agent).setTimestamp(Instant.now())
                            .setSuccess(true).setLatencyMs(500 + random.nextDouble() * 4_000).setTokensIn(800L).setTokensOut(200L).build();
                    producer.send(new ProducerRecord<>(topic, agent, e));
                    n++;
                }
                // No trigger in the last 15 s: each needs later events to move event time past its evaluation.
                if (now >= nextTrigger && endNanos - now > 15_000_000_000L) {
                    String agent = "trigger-" + triggers++;
                    MetricEvent e = MetricEvent.newBuilder().setEventId("t" + triggers).setAgentId(agent).setTimestamp(Instant.now())
                            .setSuccess(true).setLatencyMs(90_000.0).build();
                    sentAt.put(agent, System.currentTimeMillis());
                    producer.send(new ProducerRecord<>(topic, agent, e));
                    nextTrigger += TRIGGER_EVERY_MS * 1_000_000L;
                }
                LockSupport.parkNanos(200_000);
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            out.printf(Locale.ROOT, "produce: %,d events in %.1f s = %,.0f events/s (target %,.0f), %d triggers%n", n, seconds, n / seconds,
                    rate, triggers);
        }
        return n + triggers;
    }

    private static void readAlerts(BenchCluster cluster, StreamsSettings settings, Map<String, Object> serde, Map<String, Long> alertedAt,
                                   Map<String, Long> evaluatedAt, AtomicBoolean reading) {
        AvroDeserializer<AlertEvent> values = new AvroDeserializer<>(AlertEvent.class);
        values.configure(serde, false);
        try (KafkaConsumer<String, AlertEvent> c = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                cluster.bootstrapServers(), ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.GROUP_ID_CONFIG, "latency-bench-reader", ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                new StringDeserializer(), values)) {
            c.subscribe(List.of(settings.topics().alerts()));
            while (reading.get()) {
                for (ConsumerRecord<String, AlertEvent> r : c.poll(Duration.ofMillis(20))) {
                    if (r.value().getStatus() == AlertStatus.FIRING) {
                        alertedAt.putIfAbsent(r.value().getAgentId(), System.currentTimeMillis());
                        evaluatedAt.putIfAbsent(r.value().getAgentId(), r.value().getEvaluatedAt().toEpochMilli());
                    }
                }
            }
        }
    }

    private static void awaitRunning(KafkaStreams streams) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (streams.state() != KafkaStreams.State.RUNNING) {
            if (System.nanoTime() > end) {
                throw new IllegalStateException("streams not RUNNING: " + streams.state());
            }
            Thread.sleep(100);
        }
    }
}
