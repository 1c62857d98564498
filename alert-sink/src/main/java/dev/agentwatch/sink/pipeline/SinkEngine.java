package dev.agentwatch.sink.pipeline;

import dev.agentwatch.sink.config.IntegrationSpec;
import dev.agentwatch.sink.config.ReceiverSpec;
import dev.agentwatch.sink.config.SinkConfig;
import dev.agentwatch.sink.dedup.Deduplicator;
import dev.agentwatch.sink.delivery.DeliveryListener;
import dev.agentwatch.sink.delivery.DeliveryQueue;
import dev.agentwatch.sink.delivery.Integration;
import dev.agentwatch.sink.delivery.ParkingLot;
import dev.agentwatch.sink.delivery.RetryPolicy;
import dev.agentwatch.sink.delivery.TokenBucket;
import dev.agentwatch.sink.grouping.Grouper;
import dev.agentwatch.sink.inhibit.Inhibitor;
import dev.agentwatch.sink.metrics.SinkMetrics;
import dev.agentwatch.sink.mute.MuteStage;
import dev.agentwatch.sink.notify.Notifier;
import dev.agentwatch.sink.receivers.ConsoleReceiver;
import dev.agentwatch.sink.receivers.HttpPoster;
import dev.agentwatch.sink.receivers.PagerDutyIntegration;
import dev.agentwatch.sink.receivers.SlackIntegration;
import dev.agentwatch.sink.receivers.WebhookIntegration;
import dev.agentwatch.sink.silence.SilenceStore;

import java.io.PrintStream;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * The sink without Kafka: the pipeline and one delivery queue per configured integration, built from the
 * configuration, each queue counted in {@link SinkMetrics}. The running sink pumps each queue on its own thread;
 * tests call {@link #runDue()} on one thread with a fake clock, so the same code is exercised over hours of fake
 * time in milliseconds.
 */
public final class SinkEngine {

    /** Deduplication memory per partition. */
    private static final int DEDUP_PER_PARTITION = 100_000;

    private final AlertPipeline pipeline;
    private final Inhibitor inhibitor;
    private final List<DeliveryQueue> queues;

    private SinkEngine(AlertPipeline pipeline, Inhibitor inhibitor, List<DeliveryQueue> queues) {
        this.pipeline = pipeline;
        this.inhibitor = inhibitor;
        this.queues = List.copyOf(queues);
    }

    public static SinkEngine create(SinkConfig config, SilenceStore silences, ParkingLot parking, Clock clock,
                                    PrintStream console, DeliveryListener listener, RandomGenerator random, SinkMetrics metrics) {
        var d = config.delivery();
        HttpPoster http = new HttpPoster(d.httpTimeout());
        RetryPolicy retries = RetryPolicy.of(d, random);
        DeliveryListener observers = DeliveryListener.all(listener, metrics.deliveries());
        Map<Object, TokenBucket> buckets = new HashMap<>();
        Map<String, List<DeliveryQueue>> byReceiver = new LinkedHashMap<>();
        List<DeliveryQueue> all = new ArrayList<>();
        for (ReceiverSpec r : config.receivers()) {
            List<DeliveryQueue> qs = new ArrayList<>();
            Map<String, Integer> perType = new HashMap<>();
            for (IntegrationSpec spec : r.integrations()) {
                String type = spec.type();
                int index = perType.merge(type, 1, Integer::sum) - 1;
                Integration integration = integration(r.name() + "/" + type + "[" + index + "]", spec, http, clock, console);
                TokenBucket bucket = integration.rateLimit()
                        .map(limit -> buckets.computeIfAbsent(integration.rateLimitKey(), k -> new TokenBucket(limit)))
                        .orElse(null);
                DeliveryQueue q = new DeliveryQueue(integration, bucket, retries, d.maxQueued(), parking, observers, clock);
                metrics.watch(q);
                qs.add(q);
                all.add(q);
            }
            byReceiver.put(r.name(), qs);
        }
        Inhibitor inhibitor = new Inhibitor(config.inhibitRules());
        AlertPipeline pipeline = new AlertPipeline(inhibitor,
                new Deduplicator(DEDUP_PER_PARTITION),
                config.route(),
                new Grouper(),
                List.of(new MuteStage("inhibited", inhibitor), new MuteStage("silenced", silences)),
                new Notifier(byReceiver),
                clock);
        return new SinkEngine(pipeline, inhibitor, all);
    }

    private static Integration integration(String name, IntegrationSpec spec, HttpPoster http, Clock clock, PrintStream console) {
        if (spec instanceof IntegrationSpec.Console c) {
            return new ConsoleReceiver(name, console, c.sendResolved(), clock);
        } else if (spec instanceof IntegrationSpec.Slack s) {
            return new SlackIntegration(name, s.settings(), http, clock);
        } else if (spec instanceof IntegrationSpec.PagerDuty p) {
            return new PagerDutyIntegration(name, p.settings(), http, clock);
        }
        return new WebhookIntegration(name, ((IntegrationSpec.Webhook) spec).settings(), http, clock);
    }

    public AlertPipeline pipeline() {
        return pipeline;
    }

    public Inhibitor inhibitor() {
        return inhibitor;
    }

    public List<DeliveryQueue> queues() {
        return queues;
    }

    /**
     * True while some integration has as many notifications waiting for their dead-letter write as it may hold
     * waiting to be sent: the dead-letter topic is not taking them, so the consumer must stop reading to bound
     * memory. A receiver being down never makes this true by itself.
     */
    public boolean deadLetterBacklogFull() {
        for (DeliveryQueue q : queues) {
            if (q.parkingBacklog() >= q.capacity()) {
                return true;
            }
        }
        return false;
    }

    /**
     * Everything due now, on this thread: group flushes, then every queue. Returns the next instant something is
     * due (a flush, a retry, a token), or null when nothing is pending.
     */
    public Instant runDue() {
        pipeline.flushDue();
        Instant next = pipeline.nextDue();
        for (DeliveryQueue q : queues) {
            Instant n = q.pump();
            if (n != null && (next == null || n.isBefore(next))) {
                next = n;
            }
        }
        return next;
    }
}
