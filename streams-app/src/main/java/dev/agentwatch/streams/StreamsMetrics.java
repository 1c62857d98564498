package dev.agentwatch.streams;

import dev.agentwatch.alerting.AlertState;
import dev.agentwatch.alerting.AlertTally;
import dev.agentwatch.alerting.Transition;
import dev.agentwatch.ingest.IngestCounters;
import dev.agentwatch.rules.Rule;
import dev.agentwatch.rules.RuleBook;
import dev.agentwatch.streams.agents.AgentAdmission;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.kafka.streams.KafkaStreams;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The streams app's {@code GET /metrics}: Micrometer's Prometheus registry over the counters the app keeps anyway
 * (function counters and gauges read at scrape time, so the per-record path costs nothing more), the alert tally,
 * the JVM binders and, once bound, Kafka Streams' own metrics and those of its clients. Series whose label values
 * only show up while running (dead-letter reasons, rules) are registered at the scrape that first sees them.
 */
final class StreamsMetrics implements AutoCloseable {

    /** How often the Kafka Streams binder looks for metrics that came or went (new tasks, partitions, threads). */
    static final Duration KAFKA_METRICS_REFRESH = Duration.ofSeconds(10);

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final IngestCounters counters;
    private final RuleBook rules;
    private final AlertTally alerts;
    private final Set<String> reasons = new HashSet<>();
    private final Set<String> transitions = new HashSet<>();
    private final MultiGauge openAlerts;
    private final List<AutoCloseable> closeables = new ArrayList<>();

    StreamsMetrics(IngestCounters counters, RuleBook rules, StreamsHealth health, AgentAdmission admission, AlertTally alerts) {
        this.counters = counters;
        this.rules = rules;
        this.alerts = alerts;
        FunctionCounter.builder("agentwatch.events.accepted", counters, IngestCounters::acceptedCount)
                .description("Metric events that passed validation and were counted").register(registry);
        FunctionCounter.builder("agentwatch.events.duplicate", counters, IngestCounters::duplicateCount)
                .description("Metric events whose event_id their agent had sent within the de-duplication window (counted once)")
                .register(registry);
        FunctionCounter.builder("agentwatch.dead.letters.truncated", counters, IngestCounters::truncatedDeadLetterCount)
                .description("Dead letters cut down (key, value or headers) to fit the producer's record size").register(registry);
        FunctionCounter.builder("agentwatch.processing.failures", counters, IngestCounters::processingFailureCount)
                .description("Exceptions that escaped a processor or punctuator and were skipped instead of failing the thread")
                .register(registry);
        Gauge.builder("agentwatch.agents", admission, AgentAdmission::agents)
                .description("Agents this instance keeps state for").register(registry);
        Gauge.builder("agentwatch.agents.max", admission, AgentAdmission::cap)
                .description("The cap on agents this instance keeps (streams.max_agents)").register(registry);
        Gauge.builder("agentwatch.rule.version", rules, r -> r.current().version())
                .description("Version (hash) of the rule set this instance runs, as a float as Prometheus keeps it; 0 for none")
                .register(registry);
        FunctionCounter.builder("agentwatch.rules.refused", rules, RuleBook::refusedCount)
                .description("Rules-topic records that did not compile here (the running rules stayed)").register(registry);
        FunctionCounter.builder("agentwatch.stream.thread.failures", health, StreamsHealth::threadFailures)
                .description("Stream threads that died and were replaced").register(registry);
        Gauge.builder("agentwatch.streams.running", health, h -> h.state() == KafkaStreams.State.RUNNING ? 1 : 0)
                .description("Whether Kafka Streams is RUNNING (1) or not (0)").register(registry);
        for (KafkaStreams.State s : KafkaStreams.State.values()) {
            Gauge.builder("agentwatch.streams.state", health, h -> h.state() == s ? 1 : 0)
                    .description("The Kafka Streams state this instance is in (1 for the current one)")
                    .tag("state", s.name()).register(registry);
        }
        FunctionTimer.builder("agentwatch.rule.evaluation", alerts, AlertTally::evaluations, AlertTally::evaluationNanos,
                        TimeUnit.NANOSECONDS)
                .description("Rule evaluations, one per task and evaluation interval (every agent of the task), and their time")
                .register(registry);
        openAlerts = MultiGauge.builder("agentwatch.alerts")
                .description("Alerts PENDING or FIRING on this instance by rule, as of each task's latest evaluation")
                .register(registry);

        new ClassLoaderMetrics().bindTo(registry);
        new JvmMemoryMetrics().bindTo(registry);
        JvmGcMetrics gc = new JvmGcMetrics();
        gc.bindTo(registry);
        closeables.add(gc);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        refresh();
    }

    /** Adds Kafka Streams' metrics and its clients' (consumers, producers, admin); those that come later within a refresh. */
    StreamsMetrics kafkaStreams(KafkaStreams streams) {
        ScheduledExecutorService refresher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "kafka-metrics-refresh");
            t.setDaemon(true);
            return t;
        });
        KafkaStreamsMetrics binder = new KafkaStreamsMetrics(streams, Tags.empty(), refresher, KAFKA_METRICS_REFRESH);
        binder.bindTo(registry);
        closeables.add(binder);
        closeables.add(refresher::shutdownNow);
        return this;
    }

    /** Everything, in the Prometheus text format (0.0.4). */
    synchronized String scrape() {
        refresh();
        return registry.scrape();
    }

    /** Registers the series of label values seen since the last scrape; sets the open alerts. */
    private void refresh() {
        for (String reason : counters.deadLetteredByReason().keySet()) {
            if (reasons.add(reason)) {
                FunctionCounter.builder("agentwatch.events.dead.lettered", counters, c -> c.deadLetteredCount(reason))
                        .description("Metric events sent to the dead-letter topic, by reason").tag("reason", reason)
                        .register(registry);
            }
        }
        for (Transition status : List.of(Transition.FIRING, Transition.RESOLVED)) {
            for (String rule : alerts.transitions(status).keySet()) {
                if (transitions.add(status + "\0" + rule)) {
                    FunctionCounter.builder("agentwatch.alert.transitions", alerts, a -> a.transitions(rule, status))
                            .description("Alert events (FIRING, RESOLVED) this instance wrote, by rule and status")
                            .tag("rule", rule).tag("status", status.name()).register(registry);
                }
            }
        }
        Map<String, long[]> open = alerts.open();
        Set<String> ruleNames = new TreeSet<>(open.keySet());
        for (Rule r : rules.current().rules()) {
            ruleNames.add(r.name());
        }
        List<MultiGauge.Row<?>> rows = new ArrayList<>(ruleNames.size() * 2);
        for (String rule : ruleNames) {
            long[] n = open.getOrDefault(rule, new long[2]);
            rows.add(MultiGauge.Row.of(Tags.of("rule", rule, "state", AlertState.Phase.PENDING.name()), n[0]));
            rows.add(MultiGauge.Row.of(Tags.of("rule", rule, "state", AlertState.Phase.FIRING.name()), n[1]));
        }
        openAlerts.register(rows, true);
    }

    @Override
    public void close() {
        for (AutoCloseable c : closeables) {
            try {
                c.close();
            } catch (Exception ignored) {
                // closing on the way out: nothing left to tell
            }
        }
        registry.close();
    }
}
