package dev.agentwatch.faults;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.agentwatch.faults.harness.AlertLog;
import dev.agentwatch.faults.harness.Cluster;
import dev.agentwatch.faults.harness.FaultRun;
import dev.agentwatch.faults.harness.Fleet;
import dev.agentwatch.faults.harness.Incident;
import dev.agentwatch.faults.harness.LoadGenerator;
import dev.agentwatch.faults.harness.Pipeline;
import dev.agentwatch.faults.harness.PipelineSettings;
import dev.agentwatch.faults.harness.Prometheus;
import dev.agentwatch.faults.harness.StreamsAppInstance;
import dev.agentwatch.faults.harness.Waits;
import dev.agentwatch.schema.AlertStatus;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 11, Must-show 4: 500,000 distinct agent ids at 20,000 events/s against one streams-app instance with the 1 GB
 * heap `make run` gives it. It stays RUNNING, agents beyond its cap are dead-lettered as {@code agent-limit} and
 * counted, an incident on a known agent fires once within 2 minutes, and a restart (restoring that state) does not
 * run out of memory.
 */
class AgentCardinalityTest {

    private static final int DISTINCT_NEW = 500_000;
    private static final int KNOWN = 100;
    private static final double NEW_SHARE = 0.9;
    private static final double RATE = 20_000;
    private static final Duration INCIDENT_AFTER = Duration.ofSeconds(20);
    private static final Duration INCIDENT_FOR = Duration.ofSeconds(60);
    private static final Duration FIRE_WITHIN = Duration.ofMinutes(2);
    private static final Duration STAY_UP_AFTER_RESTART = Duration.ofSeconds(30);
    private static final String AGENT_LIMIT = "agent-limit";

    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void halfAMillionAgentsInAOneGigabyteHeap() {
        try (FaultRun run = FaultRun.create("agent-cardinality")) {
            Cluster cluster = Cluster.start(run, 1);
            Pipeline pipeline = Pipeline.create(run, cluster, "cardinality", PipelineSettings.DEFAULTS);
            StreamsAppInstance app = pipeline.startInstances(1, Duration.ofMinutes(2)).get(0);
            pipeline.applySeedRules(Duration.ofMinutes(1));
            app.awaitRunning(Duration.ofMinutes(1));
            AlertLog alerts = pipeline.alerts();

            Fleet fleet = Fleet.withNewcomers("agent", KNOWN, DISTINCT_NEW, NEW_SHARE, 99);
            String agent = fleet.agents().get(7);
            Instant incidentAt = Instant.now().plus(INCIDENT_AFTER);
            fleet.incident(new Incident(agent, incidentAt, INCIDENT_FOR));
            LoadGenerator load = pipeline.load(fleet).rate(RATE).start();

            // Until every new agent id was sent and the incident fired (or may no longer), watching that the app stays RUNNING.
            List<String> notRunning = new ArrayList<>();
            Instant fireBy = incidentAt.plus(FIRE_WITHIN);
            while (Instant.now().isBefore(fireBy)
                    && (alerts.of(agent, AlertStatus.FIRING).isEmpty() || fleet.newcomersSeen() < DISTINCT_NEW)) {
                String state = state(app);
                if (!state.contains("RUNNING")) {
                    notRunning.add(run.elapsed().toSeconds() + "s: " + state);
                }
                Waits.sleep(Duration.ofSeconds(2));
            }
            LoadGenerator.Stats stats = load.stop();
            Prometheus before = app.metricsIfAnswering().orElse(new Prometheus(Map.of()));
            boolean fired = !alerts.of(agent, AlertStatus.FIRING).isEmpty();
            String firedAfter = fired ? Duration.between(incidentAt, alerts.of(agent, AlertStatus.FIRING).get(0).readAt()).toSeconds() + " s"
                    : "never";
            String counted = before.series().isEmpty() ? "/metrics did not answer"
                    : String.format(Locale.ROOT, "accepted %.0f, %s %.0f", before.value("agentwatch_events_accepted_total"), AGENT_LIMIT,
                    before.labelled("agentwatch_events_dead_lettered_total", "reason", AGENT_LIMIT));
            run.report("%,d events at %,.0f/s, %,d distinct new agents; FIRING after the incident began: %s; not RUNNING at %s; "
                            + "%s; OutOfMemoryError in the log: %d", stats.totalAcked(), stats.ratePerSecond(), fleet.newcomersSeen(),
                    firedAfter, notRunning, counted, app.logCount("OutOfMemoryError"));

            // A restart restores the state of every agent it kept.
            boolean restarted = false;
            String afterRestart;
            if (app.isAlive()) {
                app.stop();
            }
            Instant startedAt = Instant.now();
            app.start();
            try {
                app.awaitRunning(Duration.ofMinutes(3));
                Duration restore = Duration.between(startedAt, Instant.now());
                boolean wentDown = Waits.within(STAY_UP_AFTER_RESTART, () -> !state(app).contains("RUNNING"));
                restarted = !wentDown && app.isAlive();
                afterRestart = "RUNNING " + restore.toSeconds() + " s after the start" + (restarted ? ", and still "
                        + STAY_UP_AFTER_RESTART.toSeconds() + " s later" : ", then " + state(app));
            } catch (AssertionError e) {
                afterRestart = e.getMessage();
            }
            int oom = app.logCount("OutOfMemoryError");
            run.report("restart: %s; OutOfMemoryError in the log: %d", afterRestart, oom);

            assertThat(fleet.newcomersSeen()).as("distinct new agent ids sent").isEqualTo(DISTINCT_NEW);
            assertThat(notRunning).as("the app stays RUNNING under 500,000 agents").isEmpty();
            assertThat(fired).as("the incident on a known agent fires within " + FIRE_WITHIN.toMinutes() + " min").isTrue();
            assertThat(alerts.of(agent, AlertStatus.FIRING)).as("and once").hasSize(1);
            assertThat(before.labelled("agentwatch_events_dead_lettered_total", "reason", AGENT_LIMIT))
                    .as("events of agents over the cap dead-lettered as " + AGENT_LIMIT).isPositive();
            assertThat(oom).as("OutOfMemoryError").isZero();
            assertThat(restarted).as("after a restart: " + afterRestart).isTrue();
        }
    }

    private static String state(StreamsAppInstance app) {
        if (!app.isAlive()) {
            return "process exited";
        }
        try {
            return app.health().body();
        } catch (RuntimeException e) {
            return "no answer: " + e.getMessage();
        }
    }
}
