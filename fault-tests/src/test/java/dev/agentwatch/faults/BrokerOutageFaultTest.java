package dev.agentwatch.faults;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.agentwatch.faults.harness.AlertLog;
import dev.agentwatch.faults.harness.Cluster;
import dev.agentwatch.faults.harness.FaultRun;
import dev.agentwatch.faults.harness.Fleet;
import dev.agentwatch.faults.harness.GroupProgress;
import dev.agentwatch.faults.harness.Incident;
import dev.agentwatch.faults.harness.LoadGenerator;
import dev.agentwatch.faults.harness.Pipeline;
import dev.agentwatch.faults.harness.PipelineSettings;
import dev.agentwatch.faults.harness.StreamsAppInstance;
import dev.agentwatch.faults.harness.Waits;
import dev.agentwatch.schema.AlertStatus;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Must-show 3.3: the single broker is stopped for 30 s and started again on its data while traffic goes on (the
 * producer buffers). The incident begins during the outage, so its alert can only come from processing after it. The
 * pipeline must resume by itself: the same streams-app process, committing again, the incident FIRING and RESOLVED
 * once.
 */
class BrokerOutageFaultTest {

    private static final int AGENTS = 600;
    private static final double RATE = 1_000;
    private static final Duration OUTAGE_AFTER = Duration.ofSeconds(20);
    private static final Duration OUTAGE = Duration.ofSeconds(30);
    private static final Duration INCIDENT_INTO_OUTAGE = Duration.ofSeconds(10);
    private static final Duration INCIDENT_FOR = Duration.ofSeconds(45);

    @Test
    @Timeout(value = 8, unit = TimeUnit.MINUTES)
    void theBrokerStoppedForThirtySecondsAndRestartedThePipelineResumesByItself() {
        try (FaultRun run = FaultRun.create("broker-outage")) {
            Cluster cluster = Cluster.start(run, 1);
            Pipeline pipeline = Pipeline.create(run, cluster, "outage", PipelineSettings.DEFAULTS);
            StreamsAppInstance app = pipeline.startInstances(1, Duration.ofMinutes(2)).get(0);
            pipeline.applySeedRules(Duration.ofMinutes(1));
            app.awaitRunning(Duration.ofMinutes(1));
            long pid = app.pid();
            AlertLog alerts = pipeline.alerts();
            GroupProgress progress = pipeline.progress();

            Fleet fleet = Fleet.of("agent", AGENTS, 5);
            String agent = fleet.agents().get(17);
            Instant outageAt = Instant.now().plus(OUTAGE_AFTER);
            Instant incidentAt = outageAt.plus(INCIDENT_INTO_OUTAGE);
            fleet.incident(new Incident(agent, incidentAt, INCIDENT_FOR));
            LoadGenerator load = pipeline.load(fleet).rate(RATE).start();

            Waits.sleep(Duration.between(Instant.now(), outageAt));
            int broker = cluster.kafka().nodeIds().get(0);
            Instant stopAt = Instant.now();
            cluster.kafka().stop(broker);
            Instant stoppedAt = Instant.now();
            run.report("broker stopped (SIGTERM, controlled shutdown in %.1f s); app health now %s",
                    Duration.between(stopAt, stoppedAt).toMillis() / 1000.0, healthOf(app));
            Waits.sleep(OUTAGE.minus(Duration.between(stoppedAt, Instant.now())));
            Instant relaunchedAt = Instant.now();
            cluster.kafka().restart(broker);
            Instant restartedAt = Instant.now();
            run.report("broker down %.1f s, then back on its data (ready %.1f s after it was started again)",
                    Duration.between(stoppedAt, relaunchedAt).toMillis() / 1000.0, Duration.between(relaunchedAt, restartedAt).toMillis() / 1000.0);

            // Progress since the restart: the committed offsets as first readable again, then moving beyond that.
            long[] baseline = {-1};
            Waits.until("the app's offsets readable again", Duration.ofMinutes(1), () -> (baseline[0] = committed(progress)) >= 0);
            Waits.until("the app committing again after the restart", Duration.ofMinutes(3), () -> committed(progress) > baseline[0]);
            Duration resumed = Duration.between(restartedAt, Instant.now());
            alerts.await(agent, AlertStatus.FIRING, Duration.ofMinutes(3));
            Duration firingAfterRestart = Duration.between(restartedAt, alerts.of(agent, AlertStatus.FIRING).get(0).readAt());
            alerts.await(agent, AlertStatus.RESOLVED, Duration.between(Instant.now(), incidentAt.plus(INCIDENT_FOR)).plus(Duration.ofMinutes(3)));
            Waits.sleep(Duration.ofSeconds(10));
            LoadGenerator.Stats stats = load.stop();
            progress.awaitCaughtUp(Duration.ofMinutes(2));

            int threadFailures = app.logCount("stream thread failed");
            run.report("%,d events at %,.0f/s (%d failed); committing again %.1f s after the broker was back, FIRING read %.1f s "
                            + "after it; stream thread failures logged: %d; same process: %s; alerts %s", stats.totalAcked(),
                    stats.ratePerSecond(), stats.failed(), resumed.toMillis() / 1000.0, firingAfterRestart.toMillis() / 1000.0,
                    threadFailures, app.isAlive() && app.pid() == pid, alerts.summary());
            run.report("%s", alerts.timeline(fleet.incidents()));

            assertThat(app.isAlive()).as("the app was not restarted and did not exit").isTrue();
            assertThat(app.pid()).isEqualTo(pid);
            assertThat(app.health().statusCode()).as(app.health().body()).isEqualTo(200);
            assertThat(stats.failed()).as(stats.firstFailure()).isZero();
            assertThat(alerts.of(agent, AlertStatus.FIRING)).hasSize(1);
            assertThat(alerts.of(agent, AlertStatus.RESOLVED)).hasSize(1);
            assertThat(alerts.all()).as("nothing but the incident fires").hasSize(2);
        }
    }

    private static String healthOf(StreamsAppInstance app) {
        try {
            return app.health().statusCode() + " " + app.health().body();
        } catch (RuntimeException e) {
            return e.getMessage();
        }
    }

    private static long committed(GroupProgress progress) {
        return progress.committedNow().values().stream().mapToLong(Long::longValue).sum();
    }
}
