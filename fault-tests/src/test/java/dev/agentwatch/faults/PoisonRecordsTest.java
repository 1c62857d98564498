package dev.agentwatch.faults;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.agentwatch.faults.harness.AlertLog;
import dev.agentwatch.faults.harness.Cluster;
import dev.agentwatch.faults.harness.DeadLetterLog;
import dev.agentwatch.faults.harness.FaultRun;
import dev.agentwatch.faults.harness.Fleet;
import dev.agentwatch.faults.harness.GroupProgress;
import dev.agentwatch.faults.harness.Incident;
import dev.agentwatch.faults.harness.LoadGenerator;
import dev.agentwatch.faults.harness.Pipeline;
import dev.agentwatch.faults.harness.PipelineSettings;
import dev.agentwatch.faults.harness.PoisonRecords;
import dev.agentwatch.faults.harness.RegistryApi;
import dev.agentwatch.faults.harness.StreamsAppInstance;
import dev.agentwatch.faults.harness.Waits;
import dev.agentwatch.schema.AlertStatus;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 11, Must-show 1, for the records that killed the stream thread: each of them mixed into 10,000 events/s for
 * 600 agents with one scripted incident. Within 60 s each is in the DLQ with a reason and the app's committed offset
 * on its partition is past it; the incident fires exactly once; no stream thread dies (its log never says "stream
 * thread failed" and {@value #THREAD_FAILURES} on /metrics stays 0).
 */
class PoisonRecordsTest {

    private static final int AGENTS = 600;
    private static final double RATE = 10_000;
    private static final Duration POISON_AFTER = Duration.ofSeconds(10);
    private static final Duration INCIDENT_AFTER = Duration.ofSeconds(20);
    private static final Duration INCIDENT_FOR = Duration.ofSeconds(45);
    private static final Duration WITHIN = Duration.ofSeconds(60);
    /** Stream threads that died and were replaced, on /metrics. */
    private static final String THREAD_FAILURES = "agentwatch_stream_thread_failures_total";

    /** What became of one poison record. */
    private record Outcome(String poison, int partition, long offset, Optional<DeadLetterLog.Letter> letter, boolean passed) {
        boolean ok() {
            return letter.isPresent() && letter.get().reason() != null && !letter.get().reason().isBlank() && passed;
        }
    }

    @Test
    @Timeout(value = 8, unit = TimeUnit.MINUTES)
    void poisonRecordsAreDeadLetteredAndThePartitionMovesOn() throws Exception {
        try (FaultRun run = FaultRun.create("poison")) {
            Cluster cluster = Cluster.start(run, 1);
            Pipeline pipeline = Pipeline.create(run, cluster, "poison", PipelineSettings.DEFAULTS);
            StreamsAppInstance app = pipeline.startInstances(1, Duration.ofMinutes(2)).get(0);
            pipeline.applySeedRules(Duration.ofMinutes(1));
            app.awaitRunning(Duration.ofMinutes(1));
            AlertLog alerts = pipeline.alerts();
            DeadLetterLog deadLetters = pipeline.deadLetters();
            GroupProgress progress = pipeline.progress();

            Fleet fleet = Fleet.of("agent", AGENTS, 23);
            String agent = fleet.agents().get(101);
            Instant incidentAt = Instant.now().plus(INCIDENT_AFTER);
            fleet.incident(new Incident(agent, incidentAt, INCIDENT_FOR));
            LoadGenerator load = pipeline.load(fleet).rate(RATE).start();
            Waits.sleep(POISON_AFTER);

            PoisonRecords poisons = new PoisonRecords(pipeline.topics().metrics(), fleet, load, new RegistryApi(cluster.registryUrl()));
            Map<String, RecordMetadata> sent = new LinkedHashMap<>();
            for (PoisonRecords.Poison p : poisons.all()) {
                sent.put(p.name(), load.send("poison", p.record()).get(30, TimeUnit.SECONDS));
            }
            Instant sentAt = Instant.now();
            run.report("sent %d poison records: %s", sent.size(), sent.entrySet().stream()
                    .map(e -> e.getKey() + " @" + e.getValue().partition() + "/" + e.getValue().offset()).toList());
            Waits.within(WITHIN, () -> sent.values().stream().allMatch(m -> handled(deadLetters, progress, m)));
            List<Outcome> outcomes = new ArrayList<>();
            sent.forEach((name, m) -> outcomes.add(new Outcome(name, m.partition(), m.offset(), deadLetters.of(m.partition(), m.offset()),
                    progress.committed(m.partition()).orElse(-1) > m.offset())));
            for (Outcome o : outcomes) {
                run.report("%-40s %s; committed offset past it: %s", o.poison(), o.letter().map(l -> "DLQ reason "
                        + l.reason() + " (" + abbreviate(l.detail()) + ")").orElse("NOT in the DLQ"), o.passed());
            }
            run.report("within %d s of sending: %d of %d poison records dead-lettered and passed", WITHIN.toSeconds(),
                    outcomes.stream().filter(Outcome::ok).count(), outcomes.size());

            Optional<AlertLog.Seen> fired = Optional.empty();
            if (Waits.within(Duration.between(Instant.now(), incidentAt).plus(Duration.ofMinutes(2)),
                    () -> !alerts.of(agent, AlertStatus.FIRING).isEmpty())) {
                fired = Optional.of(alerts.of(agent, AlertStatus.FIRING).get(0));
                Waits.within(Duration.between(Instant.now(), incidentAt.plus(INCIDENT_FOR)).plus(Duration.ofMinutes(2)),
                        () -> !alerts.of(agent, AlertStatus.RESOLVED).isEmpty());
            }
            LoadGenerator.Stats stats = load.stop();
            boolean caughtUp = Waits.within(Duration.ofMinutes(1), () -> progress.totalLag() == 0);
            int threadFailures = app.logCount("stream thread failed");
            double replacements = app.metricsIfAnswering().map(m -> m.sum(THREAD_FAILURES)).orElse(Double.NaN);
            run.report("%,d events at %,.0f/s; incident %s; lag at the end %s; stream thread failures logged %d; thread "
                            + "failures on /metrics %.0f; alerts %s; dead letters %s", stats.totalAcked(), stats.ratePerSecond(),
                    fired.map(f -> "FIRING " + Duration.between(incidentAt, f.readAt()).toSeconds() + " s after it began").orElse("never FIRING"),
                    caughtUp ? "0" : safeLag(progress), threadFailures, replacements, alerts.summary(), deadLetters.byReason());
            run.report("%s", alerts.timeline(fleet.incidents()));
            for (String line : app.logText().lines().filter(l -> l.contains("stream thread failed")).limit(3).toList()) {
                run.report("  log: %s", abbreviate(line));
            }

            assertThat(outcomes).as("each poison record in the DLQ with a reason and passed within " + WITHIN.toSeconds() + " s")
                    .allMatch(Outcome::ok);
            assertThat(threadFailures).as("stream threads that died").isZero();
            assertThat(replacements).as(THREAD_FAILURES).isZero();
            assertThat(alerts.of(agent, AlertStatus.FIRING)).as("the incident fires exactly once").hasSize(1);
            assertThat(alerts.of(agent, AlertStatus.RESOLVED)).hasSize(1);
            assertThat(caughtUp).as("the app's lag reaches 0").isTrue();
            assertThat(app.health().statusCode()).isEqualTo(200);
        }
    }

    private static boolean handled(DeadLetterLog deadLetters, GroupProgress progress, RecordMetadata m) {
        return deadLetters.of(m.partition(), m.offset()).isPresent() && progress.committed(m.partition()).orElse(-1) > m.offset();
    }

    private static String safeLag(GroupProgress progress) {
        try {
            return progress.lag().toString();
        } catch (RuntimeException e) {
            return "unknown";
        }
    }

    private static String abbreviate(String s) {
        return s == null ? "no detail" : s.length() <= 160 ? s : s.substring(0, 160) + "...";
    }
}
