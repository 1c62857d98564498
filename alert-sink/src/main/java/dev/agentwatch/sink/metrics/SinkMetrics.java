package dev.agentwatch.sink.metrics;

import dev.agentwatch.sink.delivery.DeliveryListener;
import dev.agentwatch.sink.delivery.DeliveryQueue;
import dev.agentwatch.sink.model.Notification;
import dev.agentwatch.sink.silence.SilenceRefusals;
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
import java.time.Instant;
import java.util.function.IntSupplier;

/**
 * The sink's counters and gauges, scraped as Prometheus text on {@code GET /metrics}. Label values are only
 * names from the sink's configuration (receivers, integrations such as {@code oncall/pagerduty[0]}) and short
 * codes from a small set (reasons, causes, outcomes): never a receiver's response, an alert's text or a secret,
 * so what the sink exports cannot leak and its series stay few.
 */
public final class SinkMetrics implements AutoCloseable {

    /** How often the Kafka client binders look for metrics that came or went (partitions assigned, say). */
    public static final Duration KAFKA_METRICS_REFRESH = Duration.ofSeconds(10);

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final JvmGcMetrics gc = new JvmGcMetrics();

    /** With the JVM's and the process's series (memory, GC, threads, classes, CPU, uptime). */
    public SinkMetrics() {
        new ClassLoaderMetrics().bindTo(registry);
        new JvmMemoryMetrics().bindTo(registry);
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
    }

    /** Adds what {@code binder} measures (the wiring binds Kafka's client metrics); returns it, to close with the client. */
    public <T extends MeterBinder> T bind(T binder) {
        binder.bindTo(registry);
        return binder;
    }

    /** A silence record or {@code silence add} refused; {@code reason} as in {@code InvalidSilenceException}. */
    public void silenceRefused(String reason) {
        Counter.builder("agentwatch.sink.silences.refused").description("Silence records refused, by reason")
                .tag("reason", reason).register(registry).increment();
    }

    /**
     * A known silence removed because the newest record under its id was refused (as compaction would leave it);
     * {@code reason} is the refusal's.
     */
    public void silenceDropped(String reason) {
        Counter.builder("agentwatch.sink.silences.dropped")
                .description("Known silences removed because the newest record under their id was refused, by reason")
                .tag("reason", reason).register(registry).increment();
    }

    /** Both silence counters, for the silences follower. */
    public SilenceRefusals silenceRefusals() {
        return new SilenceRefusals() {
            @Override
            public void refused(String reason) {
                silenceRefused(reason);
            }

            @Override
            public void dropped(String reason) {
                silenceDropped(reason);
            }
        };
    }

    /** An input record that is not an alert, parked with its reason (e.g. {@code bad-magic-byte}). */
    public void recordParked(String reason) {
        Counter.builder("agentwatch.sink.records.parked").description("Input records parked in the dead-letter topic, by reason")
                .tag("reason", reason).register(registry).increment();
    }

    /** An input record that could be neither read nor parked, and was let go (logged with its coordinates). */
    public void recordAbandoned(String reason) {
        Counter.builder("agentwatch.sink.records.abandoned").description("Input records neither read nor parked, given up")
                .tag("reason", reason).register(registry).increment();
    }

    /** A part of a dead-letter record ({@code value}, {@code key}, {@code detail}, ...) was cut to make it fit. */
    public void deadLetterTruncated(String part) {
        Counter.builder("agentwatch.sink.dead.letter.truncated").description("Dead-letter records with a part cut to fit, by part")
                .tag("part", part).register(registry).increment();
    }

    /** A dead-letter write failed for a reason that is not the record's and will be tried again; {@code error} is a class name. */
    public void deadLetterRetried(String error) {
        Counter.builder("agentwatch.sink.dead.letter.retries")
                .description("Dead-letter writes that failed because the topic did not take records, to be retried, by error")
                .tag("error", error).register(registry).increment();
    }

    /** The dead-letter producer was replaced after an error that may have left it unusable. */
    public void deadLetterProducerReplaced() {
        Counter.builder("agentwatch.sink.dead.letter.producers.replaced")
                .description("Dead-letter producers replaced after an error that may have left them unusable").register(registry).increment();
    }

    /** How many dead-letter records wait for the topic to take records again. */
    public void watchDeadLetters(IntSupplier waiting) {
        Gauge.builder("agentwatch.sink.dead.letter.waiting", waiting, w -> w.getAsInt())
                .description("Dead-letter records waiting to be written again because the topic did not take them").register(registry);
    }

    /** Gauges of how much one integration holds: waiting to be sent, and waiting for its dead-letter write. */
    public void watch(DeliveryQueue q) {
        String integration = q.integration().name();
        Gauge.builder("agentwatch.sink.queue.notifications", q, DeliveryQueue::size)
                .description("Notifications waiting to be sent").tag("integration", integration).register(registry);
        Gauge.builder("agentwatch.sink.queue.parking", q, DeliveryQueue::parkingBacklog)
                .description("Notifications waiting for their dead-letter write").tag("integration", integration).register(registry);
        Gauge.builder("agentwatch.sink.queue.capacity", q, DeliveryQueue::capacity)
                .description("Notifications an integration holds before the oldest are parked (delivery.max_queued)")
                .tag("integration", integration).register(registry);
    }

    /** What the delivery queues report, as counters. */
    public DeliveryListener deliveries() {
        return new DeliveryListener() {
            @Override
            public void delivered(String integration, Notification n, int attempts, Instant at) {
                outcome(integration, n, "delivered");
                Duration latency = Duration.between(n.at(), at);
                Timer.builder("agentwatch.sink.notification.latency")
                        .description("From the flush that made a notification to its delivery (queue, rate limit, retries and the request), by integration")
                        .tag("integration", integration)
                        .publishPercentileHistogram()
                        .minimumExpectedValue(Duration.ofMillis(1))
                        .maximumExpectedValue(Duration.ofHours(1))
                        .register(registry).record(latency.isNegative() ? Duration.ZERO : latency);
            }

            @Override
            public void retrying(String integration, Notification n, String cause, Instant next) {
                Counter.builder("agentwatch.sink.retries").description("Retries scheduled, by integration and cause")
                        .tag("integration", integration).tag("cause", cause).register(registry).increment();
            }

            @Override
            public void parked(String integration, Notification n, String reason, Instant at) {
                outcome(integration, n, "parked");
                Counter.builder("agentwatch.sink.notifications.parked")
                        .description("Notifications parked in the dead-letter topic, by integration and reason")
                        .tag("integration", integration).tag("reason", reason).register(registry).increment();
            }

            @Override
            public void abandoned(String integration, Notification n, String reason, Instant at) {
                outcome(integration, n, "abandoned");
            }
        };
    }

    private void outcome(String integration, Notification n, String outcome) {
        Counter.builder("agentwatch.sink.deliveries")
                .description("Notifications done with, by receiver, integration and outcome (delivered, parked, abandoned)")
                .tag("receiver", n.receiver()).tag("integration", integration).tag("outcome", outcome)
                .register(registry).increment();
    }

    /** Everything, in the Prometheus text format. */
    public String scrape() {
        return registry.scrape();
    }

    @Override
    public void close() {
        gc.close();
        registry.close();
    }
}
