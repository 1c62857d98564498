package dev.agentwatch.faults;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
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
 * Must-show 3.1: three streams-app instances, one killed with kill -9 at >= 5,000 events/s while alerts it owns are
 * FIRING. Every expected FIRING and RESOLVED is on the alerts topic exactly once, nothing else fires, and the failover
 * time is measured with 0 and with 1 standby replica: from the kill until every partition's committed offset moves
 * again (the killed instance's partitions being processed by the survivors), split into the wait for the group to
 * drop the dead member and what follows it (restoring state, resuming).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class InstanceKillFaultTest {

    private static final int INSTANCES = 3;
    private static final int AGENTS = 600;
    private static final double RATE = 5_000;
    private static final Duration INCIDENT_AFTER = Duration.ofSeconds(15);
    private static final Duration INCIDENT_FOR = Duration.ofSeconds(45);
    /** A partition that commits nothing new for this long after the kill had lost its owner. */
    private static final Duration STALL = Duration.ofSeconds(3);

    private FaultRun run;
    private Cluster cluster;

    @BeforeAll
    void cluster() {
        run = FaultRun.create("instance-kill");
        cluster = Cluster.start(run, 1);
    }

    @AfterAll
    void close() {
        run.close();
    }

    @Test
    @Timeout(value = 8, unit = TimeUnit.MINUTES)
    void killDashNineWithoutStandby() {
        killOneOfThree(0);
    }

    @Test
    @Timeout(value = 8, unit = TimeUnit.MINUTES)
    void killDashNineWithOneStandby() {
        killOneOfThree(1);
    }

    private void killOneOfThree(int standbys) {
        PipelineSettings settings = PipelineSettings.DEFAULTS.withStandbyReplicas(standbys);
        try (Pipeline pipeline = Pipeline.create(run, cluster, "kill-sb" + standbys, settings)) {
            List<StreamsAppInstance> instances = pipeline.startInstances(INSTANCES, Duration.ofMinutes(3));
            pipeline.applySeedRules(Duration.ofMinutes(1));
            instances.forEach(i -> i.awaitRunning(Duration.ofMinutes(2)));
            AlertLog alerts = pipeline.alerts();
            GroupProgress progress = pipeline.progress();

            // One incident per partition, so the killed instance surely owns some of them while they fire.
            Fleet fleet = Fleet.of("agent", AGENTS, 42);
            Instant incidentsAt = Instant.now().plus(INCIDENT_AFTER);
            List<String> incidentAgents = new ArrayList<>();
            for (int p = 0; p < settings.partitions(); p++) {
                String agent = fleet.agentOnPartition(p, settings.partitions());
                fleet.incident(new Incident(agent, incidentsAt, INCIDENT_FOR));
                incidentAgents.add(agent);
            }
            LoadGenerator load = pipeline.load(fleet).rate(RATE).start();
            for (String agent : incidentAgents) {
                alerts.await(agent, AlertStatus.FIRING, INCIDENT_AFTER.plus(Duration.ofSeconds(90)));
            }
            run.report("standby %d: all %d incidents FIRING; killing streams-2", standbys, incidentAgents.size());

            StreamsAppInstance victim = instances.get(1);
            Instant killedAt = Instant.now();
            victim.kill();
            Map<Integer, Long> atKill = progress.committedNow(); // the victim's partitions can move only once taken over
            Waits.until("every partition committing beyond its offset at the kill", Duration.ofMinutes(3), () ->
                    atKill.entrySet().stream().allMatch(e -> progress.firstBeyond(e.getKey(), e.getValue()).isPresent()));
            Map<Integer, Duration> resumedAfter = new TreeMap<>();
            atKill.forEach((p, offset) -> resumedAfter.put(p,
                    Duration.between(killedAt, progress.firstBeyond(p, offset).orElseThrow())));
            List<Integer> orphaned = resumedAfter.entrySet().stream().filter(e -> e.getValue().compareTo(STALL) > 0)
                    .map(Map.Entry::getKey).toList();
            Duration failover = resumedAfter.values().stream().max(Duration::compareTo).orElseThrow();
            Duration dropped = progress.membersAfter(killedAt, INSTANCES - 1).map(t -> Duration.between(killedAt, t)).orElse(null);

            Instant lastEnd = incidentsAt.plus(INCIDENT_FOR);
            for (String agent : incidentAgents) {
                alerts.await(agent, AlertStatus.RESOLVED, Duration.between(Instant.now(), lastEnd).plus(Duration.ofMinutes(3)));
            }
            Waits.sleep(Duration.ofSeconds(10)); // a duplicate, were there one, would be committed by now
            LoadGenerator.Stats stats = load.stop();

            run.report("standby %d: %,d events at %,.0f events/s (%d failed); partitions of the killed instance %s", standbys,
                    stats.totalAcked(), stats.ratePerSecond(), stats.failed(), orphaned);
            run.report("standby %d: failover %.1f s from kill -9 to every partition committing again (group dropped the dead "
                            + "member after %s, then %s to resume)", standbys, failover.toMillis() / 1000.0,
                    dropped == null ? "?" : String.format(Locale.ROOT, "%.1f s", dropped.toMillis() / 1000.0),
                    dropped == null ? "?" : String.format(Locale.ROOT, "%.1f s", failover.minus(dropped).toMillis() / 1000.0));
            Map<String, Long> summary = alerts.summary();
            run.report("standby %d: alerts %s; %s", standbys, summary, alerts.timeline(fleet.incidents()));
            run.report("standby %d: stream thread failures logged per instance %s (not part of this test's verdict)", standbys,
                    instances.stream().map(i -> i.name() + "=" + i.logCount("stream thread failed")).toList());
            run.report("standby %d: group members %s", standbys, progress.memberChanges().stream()
                    .map(m -> m.count() + " at " + String.format(Locale.ROOT, "%+.1f s", Duration.between(killedAt, m.at()).toMillis() / 1000.0)).toList());

            assertThat(stats.failed()).as(stats.firstFailure()).isZero();
            assertThat(stats.ratePerSecond()).isGreaterThanOrEqualTo(RATE * 0.95);
            assertThat(orphaned).as("the killed instance owned partitions").isNotEmpty();
            for (String agent : incidentAgents) {
                assertThat(alerts.of(agent, AlertStatus.FIRING)).as("FIRING of " + agent).hasSize(1);
                assertThat(alerts.of(agent, AlertStatus.RESOLVED)).as("RESOLVED of " + agent).hasSize(1);
                assertThat(alerts.of(agent, AlertStatus.RESOLVED).get(0).startsAt())
                        .isEqualTo(alerts.of(agent, AlertStatus.FIRING).get(0).startsAt());
            }
            assertThat(alerts.all()).as("nothing but the incidents fires: " + summary).hasSize(2 * incidentAgents.size());
        }
    }
}
