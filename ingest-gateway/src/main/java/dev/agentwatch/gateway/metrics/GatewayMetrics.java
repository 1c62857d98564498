package dev.agentwatch.gateway.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.time.Duration;
import java.util.function.Supplier;

/**
 * The gateway's metrics, scraped as Prometheus text on {@code GET /metrics}. Tag values come from small fixed
 * sets (paths the gateway serves, status codes, outcomes, reasons), never from a request, so the series stay few.
 */
public final class GatewayMetrics implements AutoCloseable {

    /** How often the Kafka client binder looks for metrics that came or went (a topic first written, say). */
    public static final Duration KAFKA_METRICS_REFRESH = Duration.ofSeconds(10);

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final JvmGcMetrics gc = new JvmGcMetrics();
    /** The counters of the per-request path, found without building a meter id each time. */
    private final java.util.concurrent.ConcurrentHashMap<String, Counter> counters = new java.util.concurrent.ConcurrentHashMap<>();
    private final Timer produceLatency = Timer.builder("agentwatch.gateway.produce.latency")
            .description("From the first send of a request's events to Kafka's answer for the last")
            .publishPercentiles(0.5, 0.99)
            .publishPercentileHistogram()
            .minimumExpectedValue(Duration.ofMillis(1))
            .maximumExpectedValue(Duration.ofSeconds(60))
            .register(registry);

    /** With the JVM's and the process's series (memory, GC, threads, classes, CPU, uptime). */
    public GatewayMetrics() {
        new ClassLoaderMetrics().bindTo(registry);
        new JvmMemoryMetrics().bindTo(registry);
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
    }

    /** Adds what {@code binder} measures (the wiring binds the producer's client metrics); returns it, to close with it. */
    public <T extends MeterBinder> T bind(T binder) {
        binder.bindTo(registry);
        return binder;
    }

    /** One HTTP request answered; {@code route} is the route served (or {@code other}). */
    public void request(String route, int status) {
        counters.computeIfAbsent(route + " " + status, k -> Counter.builder("agentwatch.gateway.requests")
                .description("HTTP requests answered, by route and status")
                .tag("route", route).tag("status", Integer.toString(status)).register(registry)).increment();
    }

    /** Events by outcome: accepted (in Kafka), sampled_out, failed (Kafka did not take them). */
    public void events(String outcome, long n) {
        if (n > 0) {
            counters.computeIfAbsent("events " + outcome, k -> Counter.builder("agentwatch.gateway.events")
                    .description("Events by outcome").tag("outcome", outcome).register(registry)).increment(n);
        }
    }

    /**
     * Events (or whole requests, counted as their events, or 1 when unparsed) refused, by reason: bad_json,
     * unauthorized, forbidden_fleet, too_large, invalid_event, backpressure, kafka_unavailable, unsupported_media_type.
     */
    public void rejected(String reason, long n) {
        if (n > 0) {
            Counter.builder("agentwatch.gateway.rejections").description("Refused events or requests, by reason")
                    .tag("reason", reason).register(registry).increment(n);
        }
    }

    /** OTLP spans by outcome: mapped (GenAI spans made events), skipped (not GenAI), rejected. */
    public void spans(String outcome, long n) {
        if (n > 0) {
            Counter.builder("agentwatch.gateway.spans").description("OTLP spans by outcome")
                    .tag("outcome", outcome).register(registry).increment(n);
        }
    }

    public void produceLatency(long nanos) {
        produceLatency.record(Duration.ofNanos(nanos));
    }

    public void inflightGauge(Supplier<Number> inflight) {
        Gauge.builder("agentwatch.gateway.inflight.events", inflight).description("Events sent and not yet answered by Kafka")
                .register(registry);
    }

    public String scrape() {
        return registry.scrape();
    }

    @Override
    public void close() {
        gc.close();
        registry.close();
    }
}
