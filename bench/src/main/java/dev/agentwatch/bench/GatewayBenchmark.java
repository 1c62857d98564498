package dev.agentwatch.bench;

import dev.agentwatch.gateway.Gateway;
import dev.agentwatch.gateway.GatewaySettings;
import dev.agentwatch.gateway.auth.ApiKey;
import dev.agentwatch.gateway.auth.ApiKeys;
import dev.agentwatch.schema.AvroSerdeConfig;
import dev.agentwatch.schema.MetricEvent;
import dev.agentwatch.schema.serde.AvroSerializer;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code make bench-gateway}: events/s through the HTTP gateway (batches of 100 JSON events over keep-alive
 * connections, answered after Kafka acknowledged them) beside the rate of the Kafka producer alone, the same
 * events with the same settings (our serde, idempotent, acks=all), in one run on one broker. Last line:
 * {@code gateway_ratio=<gateway / producer>}; the bar is 0.5 (goal 0.8), and a run below it exits non-zero.
 * The clients ({@link KeepAliveClient}, 32 connections by default: {@code --threads}) run in this JVM too and take
 * a little CPU from the gateway on a small machine, so the ratio is a floor.
 */
public final class GatewayBenchmark {

    static final Map<String, String> DEFAULTS = Map.of("events", "1000000", "agents", "1000", "partitions", "6",
            "span", "60s", "threads", "32", "timeout", "15min");
    private static final int BATCH = 100;
    private static final double BAR = 0.5;
    private static final String KEY = "bench-key";
    /**
     * Both passes send the same events from a pool built before the clock starts (event ids repeat past it, which
     * Kafka does not mind), so neither pass pays for making its input.
     */
    private static final int POOL_BATCHES = 1_000;

    private GatewayBenchmark() {
    }

    public static void main(String[] args) {
        BenchMain.main(args, DEFAULTS, GatewayBenchmark::run);
    }

    static boolean run(BenchOptions options, PrintStream out) throws Exception {
        String runId = "gateway-" + ProcessHandle.current().pid() + "-" + System.currentTimeMillis();
        Path runDir = options.runDir().resolve(runId).toAbsolutePath();
        int connections = options.streamThreads().get(0);
        long events = options.events() / BATCH * BATCH;
        out.printf(Locale.ROOT, "== agentwatch gateway benchmark ==%noptions: %,d events, %,d agents, batches of %d, %d keep-alive "
                + "connections%n", events, options.agents(), BATCH, connections);
        Watchdog.start(options.timeout(), out);
        try (BenchCluster cluster = BenchCluster.start(runDir, options.keepRunDir(), out)) {
            Map<String, Object> serde = Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, cluster.registryUrl());
            try (Admin admin = Admin.create(Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers()))) {
                admin.createTopics(List.of(new NewTopic("bench.producer", options.partitions(), (short) 1),
                        new NewTopic("bench.gateway", options.partitions(), (short) 1),
                        new NewTopic("bench.rules", 1, (short) 1))).all().get();
            }
            long now = System.currentTimeMillis();
            // warm both paths (JIT, metadata, schema id) before measuring
            producerPass(cluster, serde, options, 50_000, now, out, false);
            double producerRate = producerPass(cluster, serde, options, events, now, out, true);

            GatewaySettings settings = new GatewaySettings("127.0.0.1", 0, 4 * 1024 * 1024, 10_000, 200_000,
                    Duration.ofSeconds(30), Duration.ofSeconds(30), Duration.ofDays(1), Duration.ofDays(7),
                    ApiKeys.of(Map.of(KEY, new ApiKey("bench", Set.of(ApiKey.ANY_FLEET)))));
            try (Gateway gateway = new Gateway(settings, Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG,
                    cluster.bootstrapServers()), serde, "bench.gateway", "bench.rules").start()) {
                URI uri = URI.create("http://127.0.0.1:" + gateway.port() + "/v1/metrics");
                gatewayPass(uri, options, 50_000, connections, now, out, false);
                GatewayResult g = gatewayPass(uri, options, events, connections, now, out, true);
                if (g == null) {
                    return false;
                }
                double ratio = g.rate / producerRate;
                out.printf(Locale.ROOT, "gateway: %,.0f events/s (%,.0f requests/s; request latency p50 %.1f ms, p99 %.1f ms, "
                        + "max %.1f ms) against the producer's %,.0f events/s%n", g.rate, g.rate / BATCH, g.p50, g.p99, g.max,
                        producerRate);
                out.printf(Locale.ROOT, "verdict: ratio %.3f (bar %.1f, goal 0.8) -> %s%n", ratio, BAR, ratio >= BAR ? "OK" : "BELOW BAR");
                out.printf(Locale.ROOT, "gateway_p99_ms=%.1f%ngateway_ratio=%.3f%n", g.p99, ratio);
                return ratio >= BAR;
            }
        }
    }

    private static MetricEvent event(long i, int agents, long ts) {
        return MetricEvent.newBuilder().setEventId("e-" + i).setAgentId("agent-" + (i % agents))
                .setTimestamp(Instant.ofEpochMilli(ts)).setFleet("bench").setModel("gpt-4o-mini").setProvider("openai")
                .setOperation("chat").setRequestType("high_risk_decision").setTokensIn(900L + i % 500).setTokensOut(120L + i % 80)
                .setLatencyMs(800.0 + i % 1000).setSuccess(true).setToolCalls((int) (i % 3)).build();
    }

    private static String json(long i, int agents, long ts) {
        return "{\"event_id\":\"e-" + i + "\",\"agent_id\":\"agent-" + (i % agents) + "\",\"timestamp\":" + ts
                + ",\"fleet\":\"bench\",\"model\":\"gpt-4o-mini\",\"provider\":\"openai\",\"operation\":\"chat\","
                + "\"request_type\":\"high_risk_decision\",\"tokens_in\":" + (900 + i % 500) + ",\"tokens_out\":" + (120 + i % 80)
                + ",\"latency_ms\":" + (800 + i % 1000) + ",\"success\":true,\"tool_calls\":" + (i % 3) + "}";
    }

    /** The producer alone, with the gateway's settings; returns events/s from first send to last acknowledgement. */
    private static double producerPass(BenchCluster cluster, Map<String, Object> serde, BenchOptions options, long events,
                                       long ts, PrintStream out, boolean report) throws Exception {
        AvroSerializer<MetricEvent> values = new AvroSerializer<>();
        values.configure(serde, false);
        Map<String, Object> props = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 5, ProducerConfig.BATCH_SIZE_CONFIG, 128 * 1024);
        AtomicLong acked = new AtomicLong();
        AtomicReference<Exception> failed = new AtomicReference<>();
        long t0;
        long t1;
        try (KafkaProducer<String, MetricEvent> producer = new KafkaProducer<>(props, new StringSerializer(), values)) {
            MetricEvent[] pool = new MetricEvent[POOL_BATCHES * BATCH];
            for (int i = 0; i < pool.length; i++) {
                pool[i] = event(i, options.agents(), ts);
            }
            t0 = System.nanoTime();
            for (long i = 0; i < events; i++) {
                MetricEvent e = pool[(int) (i % pool.length)];
                producer.send(new ProducerRecord<>("bench.producer", e.getAgentId(), e), (m, error) -> {
                    if (error != null) {
                        failed.set(error);
                    }
                    acked.incrementAndGet();
                });
            }
            producer.flush();
            t1 = System.nanoTime();
        }
        if (failed.get() != null) {
            throw new IllegalStateException("the producer failed: " + failed.get(), failed.get());
        }
        double rate = events / ((t1 - t0) / 1e9);
        if (report) {
            out.printf(Locale.ROOT, "producer: %,d events acknowledged in %.1f s: %,.0f events/s%n", acked.get(), (t1 - t0) / 1e9, rate);
        }
        return rate;
    }

    private record GatewayResult(double rate, double p50, double p99, double max) {
    }

    /** {@code connections} clients, each one keep-alive connection posting batches one after another. */
    private static GatewayResult gatewayPass(URI uri, BenchOptions options, long events, int connections, long ts,
                                             PrintStream out, boolean report) throws Exception {
        long batches = events / BATCH;
        AtomicLong next = new AtomicLong();
        AtomicLong accepted = new AtomicLong();
        AtomicReference<String> failure = new AtomicReference<>();
        long[][] latencies = new long[connections][];
        byte[][] bodies = new byte[POOL_BATCHES][];
        for (int b = 0; b < POOL_BATCHES; b++) {
            StringBuilder body = new StringBuilder(BATCH * 260).append('[');
            for (long i = (long) b * BATCH; i < (long) (b + 1) * BATCH; i++) {
                body.append(i == (long) b * BATCH ? "" : ",").append(json(i, options.agents(), ts));
            }
            bodies[b] = body.append(']').toString().getBytes(StandardCharsets.UTF_8);
        }
        List<Thread> clients = new ArrayList<>();
        long t0 = System.nanoTime();
        for (int c = 0; c < connections; c++) {
            int client = c;
            Thread t = new Thread(() -> {
                KeepAliveClient http;
                try {
                    http = new KeepAliveClient(uri.getHost(), uri.getPort(), uri.getPath(), KEY);
                } catch (Exception e) {
                    failure.compareAndSet(null, e.toString());
                    return;
                }
                long[] mine = new long[(int) (batches / connections + 2)];
                int n = 0;
                long b;
                while ((b = next.getAndIncrement()) < batches && failure.get() == null) {
                    byte[] bytes = bodies[(int) (b % POOL_BATCHES)];
                    long s = System.nanoTime();
                    try {
                        KeepAliveClient.Answer r = http.post(bytes);
                        if (r.status() != 200) {
                            failure.compareAndSet(null, "HTTP " + r.status() + ": " + r.body());
                            break;
                        }
                        accepted.addAndGet(BATCH);
                    } catch (Exception e) {
                        failure.compareAndSet(null, e.toString());
                        break;
                    }
                    if (n == mine.length) {
                        mine = Arrays.copyOf(mine, n * 2);
                    }
                    mine[n++] = System.nanoTime() - s;
                }
                latencies[client] = Arrays.copyOf(mine, n);
                try {
                    http.close();
                } catch (java.io.IOException ignored) {
                    // the run is over
                }
            }, "gateway-client-" + c);
            t.start();
            clients.add(t);
        }
        for (Thread t : clients) {
            t.join();
        }
        long t1 = System.nanoTime();
        if (failure.get() != null) {
            out.println("gateway: a request failed: " + failure.get());
            return null;
        }
        long[] all = Arrays.stream(latencies).flatMapToLong(Arrays::stream).sorted().toArray();
        double rate = accepted.get() / ((t1 - t0) / 1e9);
        if (report) {
            out.printf(Locale.ROOT, "gateway: %,d events acknowledged in %.1f s (%,d requests)%n", accepted.get(), (t1 - t0) / 1e9, all.length);
        }
        return new GatewayResult(rate, pct(all, 0.50), pct(all, 0.99), all[all.length - 1] / 1e6);
    }

    private static double pct(long[] sorted, double q) {
        return sorted[(int) Math.ceil(q * sorted.length) - 1] / 1e6;
    }
}
