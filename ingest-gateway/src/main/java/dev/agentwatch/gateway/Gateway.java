package dev.agentwatch.gateway;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentwatch.gateway.http.GatewayHandler;
import dev.agentwatch.gateway.intake.Intake;
import dev.agentwatch.gateway.kafka.Delivery;
import dev.agentwatch.gateway.kafka.EventPublisher;
import dev.agentwatch.gateway.metrics.GatewayMetrics;
import dev.agentwatch.sampling.Sampler;
import dev.agentwatch.sampling.FollowedSamplingPolicy;
import dev.agentwatch.sampling.SamplingPolicy;
import dev.agentwatch.schema.MetricEvent;
import dev.agentwatch.schema.validation.EventValidator;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The running gateway: Jetty in front, one idempotent producer behind, the sampling policy followed from the
 * rules topic. {@link #close()} drains: the connector stops taking connections, requests in progress are
 * answered (each waits for Kafka), then the producer is flushed and closed; no acknowledged event is lost.
 *
 * <p>Jetty rather than the JDK's server: keep-alive and many connections on a bounded thread pool, limits on
 * headers and idle connections, and a graceful stop that waits for requests in progress.
 */
public final class Gateway implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Gateway.class);

    private final Server server;
    private final ServerConnector connector;
    private final EventPublisher publisher;
    private final FollowedSamplingPolicy policy;
    private final AtomicReference<String> schema = new AtomicReference<>("unresolved");
    private final GatewaySettings settings;
    private final GatewayMetrics metrics = new GatewayMetrics();
    private final ScheduledExecutorService kafkaMetricsRefresh = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "kafka-metrics-refresh");
        t.setDaemon(true);
        return t;
    });
    private final KafkaClientMetrics producerMetrics;

    /**
     * @param kafkaClient bootstrap servers and any client properties
     * @param serdeConfig the schema registry settings
     */
    public Gateway(GatewaySettings settings, Map<String, Object> kafkaClient, Map<String, Object> serdeConfig,
                   String metricsTopic, String rulesTopic) {
        this.settings = settings;
        this.publisher = new EventPublisher(kafkaClient, serdeConfig, metricsTopic, settings.maxInflightEvents(),
                settings.deliveryTimeout());
        metrics.inflightGauge(publisher::inflight);
        this.producerMetrics = metrics.bind(new KafkaClientMetrics(publisher.producer(), Tags.empty(), kafkaMetricsRefresh,
                GatewayMetrics.KAFKA_METRICS_REFRESH));
        this.policy = new FollowedSamplingPolicy(kafkaClient, rulesTopic);
        Intake intake = new Intake(publisher, new EventValidator(settings.maxFuture(), settings.maxEventAge()),
                new Sampler(policy), metrics);

        QueuedThreadPool threads = new QueuedThreadPool(200, 8);
        threads.setName("gateway-http");
        this.server = new Server(threads);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setRequestHeaderSize(16 * 1024);
        this.connector = new ServerConnector(server, new HttpConnectionFactory(http));
        connector.setHost(settings.bindAddress());
        connector.setPort(settings.port());
        connector.setIdleTimeout(60_000);
        connector.setAcceptQueueSize(512);
        server.addConnector(connector);
        GatewayHandler routes = new GatewayHandler(settings.apiKeys(), intake, metrics,
                new GatewayHandler.Limits(settings.maxBodyBytes(), settings.maxEventsPerRequest()),
                this::health, this::sampling, threads);
        server.setHandler(new GracefulHandler(routes));
        server.setStopTimeout(settings.drainTimeout().toMillis());
        server.setStopAtShutdown(false); // GatewayMain's hook stops it, then the producer, in that order
    }

    public Gateway start() throws Exception {
        policy.start();
        resolveSchema();
        server.start();
        return this;
    }

    /** The port bound (the configured one, or the one chosen for port 0). */
    public int port() {
        return connector.getLocalPort();
    }

    private void resolveSchema() {
        MetricEvent probe = MetricEvent.newBuilder().setEventId("schema-probe").setAgentId("schema-probe")
                .setTimestamp(Instant.EPOCH).setSuccess(true).build();
        String failure = publisher.resolveSchema(probe);
        schema.set(failure == null ? "resolved" : "unresolved: " + failure);
        if (failure != null) {
            LOG.warn("schema registry: {}; requests are answered 503 until it answers", failure);
        }
    }

    private ObjectNode health() {
        if (!schema.get().equals("resolved")) {
            resolveSchema();
        }
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        Delivery failing = publisher.circuit().openedBy();
        boolean up = failing == null && schema.get().equals("resolved");
        o.put("status", up ? "UP" : "DEGRADED");
        o.put("kafka", failing == null ? "ok" : "failing: " + failing.message());
        o.put("schema", schema.get());
        o.put("inflight_events", publisher.inflight());
        o.set("sampling", sampling().get("policy"));
        return o;
    }

    private ObjectNode sampling() {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        ObjectNode p = o.putObject("policy");
        policy.get().fractions().forEach(p::put);
        return o;
    }

    /** Drains (see the class comment); bounded by {@code drain_timeout} for requests, then 30 s for Kafka. */
    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            LOG.warn("stopping the HTTP server: {}", e.toString());
        }
        producerMetrics.close();
        kafkaMetricsRefresh.shutdownNow();
        publisher.close();
        metrics.close();
        try {
            policy.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public GatewaySettings settings() {
        return settings;
    }
}
