package dev.agentwatch.faults;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.agentwatch.faults.harness.AlertLog;
import dev.agentwatch.faults.harness.Cluster;
import dev.agentwatch.faults.harness.DeadLetterLog;
import dev.agentwatch.faults.harness.FaultRun;
import dev.agentwatch.faults.harness.Fleet;
import dev.agentwatch.faults.harness.Garbage;
import dev.agentwatch.faults.harness.GroupProgress;
import dev.agentwatch.faults.harness.Incident;
import dev.agentwatch.faults.harness.LoadGenerator;
import dev.agentwatch.faults.harness.Pipeline;
import dev.agentwatch.faults.harness.PipelineSettings;
import dev.agentwatch.faults.harness.SentRecord;
import dev.agentwatch.faults.harness.StreamsAppInstance;
import dev.agentwatch.faults.harness.Waits;
import dev.agentwatch.schema.AlertStatus;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Must-show 3.2, on three brokers whose default replication factor is 3 (and SPEC 7's replication, Part of issue 11):
 * the topics the app made and its changelogs have 3 replicas and min.insync.replicas 2. Then the broker leading most
 * metrics partitions is killed with kill -9 mid-run, and started again later: nothing is lost (every record
 * acknowledged to the producer is in the topic once, and is either counted as accepted or dead-lettered, exactly), and
 * every alert is on the alerts topic once.
 */
class BrokerKillFaultTest {

    private static final int BROKERS = 3;
    private static final int INSTANCES = 2;
    private static final int AGENTS = 600;
    private static final double RATE = 3_000;
    private static final long GARBAGE_EVERY = 100;
    private static final int INCIDENTS = 3;
    private static final Duration INCIDENT_AFTER = Duration.ofSeconds(15);
    private static final Duration INCIDENT_FOR = Duration.ofSeconds(45);
    private static final Duration BROKER_DOWN_FOR = Duration.ofSeconds(45);

    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void oneBrokerKilledLosesNothingAndAlertsOnce() throws Exception {
        try (FaultRun run = FaultRun.create("broker-kill")) {
            Cluster cluster = Cluster.start(run, BROKERS);
            Pipeline pipeline = Pipeline.create(run, cluster, "brokerkill", PipelineSettings.DEFAULTS.withStandbyReplicas(1));
            List<StreamsAppInstance> instances = pipeline.startInstances(INSTANCES, Duration.ofMinutes(3));
            pipeline.applySeedRules(Duration.ofMinutes(1));
            instances.forEach(i -> i.awaitRunning(Duration.ofMinutes(2)));
            checkReplication(run, cluster.admin(), pipeline);

            AlertLog alerts = pipeline.alerts();
            DeadLetterLog deadLetters = pipeline.deadLetters();
            GroupProgress progress = pipeline.progress();
            Fleet fleet = Fleet.of("agent", AGENTS, 11);
            Instant incidentsAt = Instant.now().plus(INCIDENT_AFTER);
            List<String> incidentAgents = new ArrayList<>();
            for (int p = 0; p < INCIDENTS; p++) {
                incidentAgents.add(fleet.agentOnPartition(p * 2, PipelineSettings.DEFAULTS.partitions()));
                fleet.incident(new Incident(incidentAgents.get(p), incidentsAt, INCIDENT_FOR));
            }
            Garbage garbage = new Garbage(pipeline.topics().metrics(), cluster.registryUrl(), fleet);
            LoadGenerator load = pipeline.load(fleet).rate(RATE).interleave(Garbage.KIND, GARBAGE_EVERY, garbage::record).start();

            // Mid-incident: once the first alert fires, the others still to fire and all to resolve.
            alerts.await(incidentAgents.get(0), AlertStatus.FIRING, INCIDENT_AFTER.plus(Duration.ofSeconds(90)));
            int victim = mostLeaderships(cluster.admin(), pipeline.topics().metrics());
            long sentBefore = load.stats().totalSent();
            cluster.kafka().kill(victim);
            Instant killedAt = Instant.now();
            run.report("killed broker %d with SIGKILL (%,d records sent so far)", victim, sentBefore);
            Waits.sleep(BROKER_DOWN_FOR);
            Instant restartAt = Instant.now();
            cluster.kafka().restart(victim);
            run.report("broker %d restarted on its data %.0f s after the kill (ready in %.1f s)", victim,
                    Duration.between(killedAt, restartAt).toMillis() / 1000.0, Duration.between(restartAt, Instant.now()).toMillis() / 1000.0);

            Instant lastEnd = incidentsAt.plus(INCIDENT_FOR);
            for (String agent : incidentAgents) {
                alerts.await(agent, AlertStatus.RESOLVED, Duration.between(Instant.now(), lastEnd).plus(Duration.ofMinutes(3)));
            }
            LoadGenerator.Stats stats = load.stop();
            progress.awaitCaughtUp(Duration.ofMinutes(3));
            long garbageAcked = stats.acked(Garbage.KIND);
            deadLetters.awaitTotal(garbageAcked, Duration.ofMinutes(1));
            Waits.sleep(Duration.ofSeconds(5)); // an extra dead letter or alert would be committed by now
            Waits.until("all partitions back to 3 in-sync replicas", Duration.ofMinutes(2),
                    () -> minIsr(cluster.admin(), pipeline.topics().metrics()) == BROKERS);

            long accepted = (long) pipeline.sumOverInstances("agentwatch_events_accepted_total");
            long deadLettered = (long) pipeline.sumOverInstances("agentwatch_events_dead_lettered_total");
            long duplicates = (long) pipeline.sumOverInstances("agentwatch_events_duplicate_total");
            long inTopic = progress.endOffsetsSum();
            List<SentRecord> garbageSent = load.rawLanded();
            long garbageInDlq = garbageSent.stream().filter(g -> deadLetters.copiesOf(g.partition(), g.offset()) == 1).count();
            run.report("%,d records acknowledged (%,d valid, %,d garbage, %d failed) at %,.0f/s; %,d in the topic", stats.totalAcked(),
                    stats.acked(LoadGenerator.VALID), garbageAcked, stats.failed(), stats.ratePerSecond(), inTopic);
            run.report("counted: %,d accepted, %,d dead-lettered (/metrics summed over %d instances); DLQ topic %,d letters, "
                    + "%,d of the garbage records exactly once; reasons %s", accepted, deadLettered, INSTANCES,
                    deadLetters.total(), garbageInDlq, deadLetters.byReason());
            run.report("counted again after aborted transactions: %,d accepted, %,d dead-lettered; %d duplicates",
                    accepted - stats.acked(LoadGenerator.VALID), deadLettered - garbageAcked, duplicates);
            run.report("alerts %s; %s", alerts.summary(), alerts.timeline(fleet.incidents()));
            run.report("stream thread failures logged per instance %s (not part of this test's verdict)",
                    instances.stream().map(i -> i.name() + "=" + i.logCount("stream thread failed")).toList());

            assertThat(stats.failed()).as(stats.firstFailure()).isZero();
            assertThat(inTopic).as("every acknowledged record is in the topic, once").isEqualTo(stats.totalAcked());
            assertThat(garbageInDlq).as("every garbage record dead-lettered once").isEqualTo(garbageAcked);
            assertThat(deadLetters.total()).as("nothing but the garbage dead-lettered").isEqualTo(garbageAcked);
            // The topics hold each record once; the counters count processing, so a task that processed records again
            // after a transaction the lost broker aborted counts them again (README, streams app metrics). No valid
            // record is lost: none was dead-lettered (above) or taken for a duplicate, and each was counted.
            assertThat(duplicates).as("valid records taken for duplicates").isZero();
            assertThat(deadLettered).as("dead letters counted").isGreaterThanOrEqualTo(garbageAcked);
            assertThat(accepted).as("every valid record counted").isGreaterThanOrEqualTo(stats.acked(LoadGenerator.VALID));
            for (String agent : incidentAgents) {
                assertThat(alerts.of(agent, AlertStatus.FIRING)).as("FIRING of " + agent).hasSize(1);
                assertThat(alerts.of(agent, AlertStatus.RESOLVED)).as("RESOLVED of " + agent).hasSize(1);
            }
            assertThat(alerts.all()).as("nothing but the incidents fires").hasSize(2 * INCIDENTS);
        }
    }

    /** SPEC 7 with the broker's default of 3: every topic the app made, and its changelogs, 3 replicas, 2 in sync. */
    private static void checkReplication(FaultRun run, Admin admin, Pipeline pipeline) throws Exception {
        var t = pipeline.topics();
        List<String> changelogs = admin.listTopics().names().get(30, TimeUnit.SECONDS).stream()
                .filter(n -> n.startsWith(pipeline.applicationId() + "-") && n.endsWith("-changelog")).sorted().toList();
        List<String> topics = new ArrayList<>(List.of(t.metrics(), t.metricsDlq(), t.alerts(), t.alertsDlq(), t.rules(), t.silences()));
        topics.addAll(changelogs);
        Map<String, TopicDescription> described = admin.describeTopics(topics).allTopicNames().get(30, TimeUnit.SECONDS);
        Map<ConfigResource, Config> configs = admin.describeConfigs(topics.stream()
                .map(n -> new ConfigResource(ConfigResource.Type.TOPIC, n)).toList()).all().get(30, TimeUnit.SECONDS);
        Map<String, String> seen = new TreeMap<>();
        for (String topic : topics) {
            ConfigEntry minIsr = configs.get(new ConfigResource(ConfigResource.Type.TOPIC, topic)).get("min.insync.replicas");
            int replicas = described.get(topic).partitions().stream().mapToInt(p -> p.replicas().size()).min().orElse(0);
            seen.put(topic, "RF " + replicas + ", min.insync.replicas " + minIsr.value() + " (" + minIsr.source() + ")");
        }
        run.report("replication: %s", seen);
        assertThat(changelogs).as("the app's changelogs").isNotEmpty();
        for (String topic : topics) {
            assertThat(described.get(topic).partitions()).as(topic).allSatisfy(p -> assertThat(p.replicas()).hasSize(BROKERS));
            ConfigEntry minIsr = configs.get(new ConfigResource(ConfigResource.Type.TOPIC, topic)).get("min.insync.replicas");
            assertThat(minIsr.value()).as(topic).isEqualTo("2");
            assertThat(minIsr.source()).as(topic + ": set on the topic, not inherited").isEqualTo(ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG);
        }
    }

    private static int mostLeaderships(Admin admin, String topic) throws Exception {
        Collection<TopicPartitionInfo> parts = admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS)
                .get(topic).partitions();
        Map<Integer, Long> leads = parts.stream().collect(Collectors.groupingBy(p -> p.leader().id(), Collectors.counting()));
        return leads.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
    }

    private static int minIsr(Admin admin, String topic) {
        try {
            return admin.describeTopics(List.of(topic)).allTopicNames().get(10, TimeUnit.SECONDS).get(topic).partitions().stream()
                    .mapToInt(p -> p.isr().size()).min().orElse(0);
        } catch (Exception e) {
            return 0;
        }
    }
}
