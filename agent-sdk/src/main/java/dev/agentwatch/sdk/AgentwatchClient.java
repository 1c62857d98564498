package dev.agentwatch.sdk;

import dev.agentwatch.sampling.Sampler;
import dev.agentwatch.schema.MetricEvent;
import dev.agentwatch.schema.validation.EventValidator;
import dev.agentwatch.schema.validation.Violation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The SDK's entry point: one per agent process. {@link #record} (or {@code call()...record()}) applies the sampling
 * policy of the rules in effect, checks the event, and offers it to a bounded queue; it never blocks and never
 * throws, so a slow or absent Kafka costs the agent nothing but counted drops ({@link #stats()}). One exporter
 * thread sends the queue in batches through the {@link Transport}. {@link #close()} sends what is queued, up to
 * the close timeout, then closes the transport.
 *
 * <pre>{@code
 * try (AgentwatchClient aw = AgentwatchClient.builder("support-bot")
 *         .fleet("payments").model("gpt-4o")
 *         .transport(GatewayTransport.builder(URI.create("http://127.0.0.1:8088"), apiKey).build())
 *         .build()) {
 *     aw.call().requestType("routine_query").tokens(1200, 300).latencyMs(2340).success(true).record();
 * }
 * }</pre>
 */
public final class AgentwatchClient implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AgentwatchClient.class);
    private static final long WARN_EVERY_NANOS = Duration.ofMinutes(1).toNanos();

    private final Builder config;
    private final Transport transport;
    private final Sampler sampler;
    private final EventValidator validator;
    private final BoundedQueue<MetricEvent> queue;
    private final Exporter exporter;

    private final LongAdder recorded = new LongAdder();
    private final LongAdder sampledOut = new LongAdder();
    private final LongAdder invalid = new LongAdder();
    private final LongAdder droppedQueueFull = new LongAdder();
    private final LongAdder enqueued = new LongAdder();
    private final AtomicLong lastWarn = new AtomicLong(System.nanoTime() - WARN_EVERY_NANOS);
    private final boolean enabled;
    private volatile boolean closed;

    private AgentwatchClient(Builder b) {
        this.config = b;
        this.enabled = b.enabled;
        this.transport = b.transport != null ? b.transport : Transport.DISABLED;
        this.sampler = new Sampler(transport::samplingPolicy);
        this.validator = new EventValidator(b.maxFuture, b.maxAge);
        this.queue = new BoundedQueue<>(b.queueCapacity);
        this.exporter = new Exporter(queue, transport, b.maxBatch, b.exportInterval);
        if (enabled) {
            warmUp();
            exporter.start();
        }
    }

    /**
     * Loads and initialises what record() uses (the Avro class and its schema, the validator, the sampler) here
     * in build(), so that the agent's first record() does not pay a class initialisation of a few hundred ms.
     */
    private void warmUp() {
        MetricEvent e = call().tokens(1, 1).latencyMs(1).event();
        sampler.sample(e);
        validator.firstViolation(e, System.currentTimeMillis());
    }

    public static Builder builder(String agentId) {
        return new Builder(agentId);
    }

    /** A call of this agent, pre-filled with its defaults, a new event id and the time now. */
    public Call call() {
        MetricEvent e = new MetricEvent();
        e.setEventId(randomId());
        e.setAgentId(config.agentId);
        e.setTimestamp(Instant.now());
        e.setFleet(config.fleet);
        e.setModel(config.model);
        e.setAgentVersion(config.agentVersion);
        e.setInstanceId(config.instanceId);
        e.setSuccess(true);
        e.setSampleRate(1.0);
        e.setLabels(new HashMap<>(config.labels));
        e.setMetrics(new HashMap<>());
        return new Call(this::record, e);
    }

    /**
     * Samples, checks and queues one event. Never blocks, never throws.
     *
     * @return whether the event was queued (false: sampled out, invalid, queue full or client closed)
     */
    public boolean record(MetricEvent event) {
        if (!enabled) {
            return false;
        }
        recorded.increment();
        try {
            if (closed) {
                droppedQueueFull.increment();
                warn("record() after close(): event dropped");
                return false;
            }
            if (!sampler.sample(event)) {
                sampledOut.increment();
                return false;
            }
            Violation v = validator.firstViolation(event, System.currentTimeMillis());
            if (v != null) {
                invalid.increment();
                warn("event refused: " + v);
                return false;
            }
            if (!queue.offer(event)) {
                droppedQueueFull.increment();
                warn("queue full (" + config.queueCapacity + " events): events are dropped; the transport is slower "
                        + "than the agent or cannot deliver");
                return false;
            }
            enqueued.increment();
            return true;
        } catch (RuntimeException e) {
            // An event so broken the checks themselves fail (a null agent id, say): counted, never the agent's problem.
            invalid.increment();
            warn("event refused: " + e);
            return false;
        }
    }

    public ClientStats stats() {
        Exporter.Counts c = exporter.counts();
        return new ClientStats(recorded.sum(), sampledOut.sum(), invalid.sum(), droppedQueueFull.sum(),
                enqueued.sum(), queue.size(), c.inFlight(), c.delivered(), c.rejected(), c.failed(), c.abandoned());
    }

    /** Waits until everything queued before this call has been sent (or given up). @return false on timeout */
    public boolean flush(Duration timeout) throws InterruptedException {
        return !enabled || exporter.awaitIdle(enqueued.sum(), timeout);
    }

    /** Sends what is queued, for at most the close timeout; what is left then is counted as abandoned. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (enabled) {
            exporter.finish(config.closeTimeout);
        }
        transport.close();
    }

    private void warn(String message) {
        long now = System.nanoTime();
        long last = lastWarn.get();
        if (now - last >= WARN_EVERY_NANOS && lastWarn.compareAndSet(last, now)) {
            LOG.warn("agentwatch: {} (logged at most once a minute; see stats())", message);
        }
    }

    /** A random (version 4) UUID without SecureRandom, whose lock would be shared by every agent thread. */
    private static String randomId() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        long hi = (r.nextLong() & ~0xF000L) | 0x4000L;
        long lo = (r.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(hi, lo).toString();
    }

    /** The client's settings; {@link #transport} is required. */
    public static final class Builder {
        private final String agentId;
        private String fleet;
        private String model;
        private String agentVersion;
        private String instanceId;
        private final Map<String, String> labels = new LinkedHashMap<>();
        private Transport transport;
        private boolean enabled = true;
        private int queueCapacity = 10_000;
        private int maxBatch = 500;
        private Duration exportInterval = Duration.ofSeconds(1);
        private Duration closeTimeout = Duration.ofSeconds(10);
        private Duration maxFuture = EventValidator.DEFAULT_MAX_FUTURE;
        private Duration maxAge = Duration.ofDays(7);

        private Builder(String agentId) {
            this.agentId = Objects.requireNonNull(agentId, "agentId");
        }

        public Builder fleet(String fleet) { this.fleet = fleet; return this; }
        public Builder model(String model) { this.model = model; return this; }
        public Builder agentVersion(String version) { this.agentVersion = version; return this; }
        public Builder instanceId(String instanceId) { this.instanceId = instanceId; return this; }
        public Builder label(String name, String value) { labels.put(name, value); return this; }
        public Builder transport(Transport transport) { this.transport = transport; return this; }
        /** false: record() does nothing and nothing is opened (seed 1's {@code monitoring.enabled}). */
        public Builder enabled(boolean enabled) { this.enabled = enabled; return this; }
        /** Events waiting to be sent; beyond it they are dropped and counted (default 10,000). */
        public Builder queueCapacity(int n) { this.queueCapacity = positive(n, "queueCapacity"); return this; }
        /** Events per batch (default 500). */
        public Builder maxBatch(int n) { this.maxBatch = positive(n, "maxBatch"); return this; }
        /**
         * How long a batch waits to fill once it has an event, so batches go at most this far apart (default 1 s;
         * seed 1's {@code export_interval_seconds}). {@link #flush} and {@link #close} do not wait for it.
         */
        public Builder exportInterval(Duration d) {
            if (d.isNegative()) {
                throw new IllegalArgumentException("exportInterval must not be negative, got " + d);
            }
            this.exportInterval = d;
            return this;
        }
        /** How long {@link #close()} may send what is queued (default 10 s). */
        public Builder closeTimeout(Duration d) { this.closeTimeout = Objects.requireNonNull(d); return this; }
        /** The streams app's {@code max_future} and {@code max_event_age}, so the SDK refuses what it would dead-letter. */
        public Builder timestampBounds(Duration maxFuture, Duration maxAge) {
            this.maxFuture = maxFuture;
            this.maxAge = maxAge;
            return this;
        }

        public AgentwatchClient build() {
            if (transport == null && enabled) {
                throw new IllegalStateException("AgentwatchClient: set a transport (KafkaTransport or GatewayTransport)");
            }
            return new AgentwatchClient(this);
        }

        private static int positive(int n, String what) {
            if (n <= 0) {
                throw new IllegalArgumentException(what + " must be positive, got " + n);
            }
            return n;
        }
    }
}
