package dev.agentwatch.faults;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.agentwatch.faults.harness.Cluster;
import dev.agentwatch.faults.harness.DeadLetterLog;
import dev.agentwatch.faults.harness.FaultRun;
import dev.agentwatch.faults.harness.Fleet;
import dev.agentwatch.faults.harness.Garbage;
import dev.agentwatch.faults.harness.GroupProgress;
import dev.agentwatch.faults.harness.LoadGenerator;
import dev.agentwatch.faults.harness.Pipeline;
import dev.agentwatch.faults.harness.PipelineSettings;
import dev.agentwatch.faults.harness.SentRecord;
import dev.agentwatch.faults.harness.Waits;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Must-show 3.4: 10% garbage (every 10th record, of the kinds of SPEC section 5) among 1,000,000 records, into two
 * streams-app instances. Every garbage record is in the DLQ exactly once, every valid one is counted, exactly:
 * {@code agentwatch_events_accepted_total} summed over the instances, and the DLQ count.
 */
class GarbageFaultTest {

    private static final long RECORDS = 1_000_000;
    private static final long GARBAGE_EVERY = 10;
    private static final double RATE = 20_000;
    private static final int INSTANCES = 2;
    private static final int AGENTS = 600;

    @Test
    @Timeout(value = 8, unit = TimeUnit.MINUTES)
    void tenPercentGarbageAmongAMillionRecordsIsCountedExactly() {
        try (FaultRun run = FaultRun.create("garbage")) {
            Cluster cluster = Cluster.start(run, 1);
            Pipeline pipeline = Pipeline.create(run, cluster, "garbage", PipelineSettings.DEFAULTS);
            pipeline.startInstances(INSTANCES, Duration.ofMinutes(3)).forEach(i -> i.awaitRunning(Duration.ofMinutes(2)));
            pipeline.applySeedRules(Duration.ofMinutes(1));
            DeadLetterLog deadLetters = pipeline.deadLetters();
            GroupProgress progress = pipeline.progress();

            Fleet fleet = Fleet.of("agent", AGENTS, 3);
            Garbage garbage = new Garbage(pipeline.topics().metrics(), cluster.registryUrl(), fleet);
            Instant t0 = Instant.now();
            LoadGenerator load = pipeline.load(fleet).rate(RATE).records(RECORDS)
                    .interleave(Garbage.KIND, GARBAGE_EVERY, garbage::record).start();
            LoadGenerator.Stats stats = load.awaitDone(Duration.ofMinutes(4));
            progress.awaitCaughtUp(Duration.ofMinutes(4));
            Duration processed = Duration.between(t0, Instant.now());
            long garbageAcked = stats.acked(Garbage.KIND);
            deadLetters.awaitTotal(garbageAcked, Duration.ofMinutes(1));
            Waits.sleep(Duration.ofSeconds(5)); // an extra dead letter would be committed by now

            long accepted = (long) pipeline.sumOverInstances("agentwatch_events_accepted_total");
            long deadLettered = (long) pipeline.sumOverInstances("agentwatch_events_dead_lettered_total");
            List<SentRecord> sent = load.rawLanded();
            long once = sent.stream().filter(g -> deadLetters.copiesOf(g.partition(), g.offset()) == 1).count();
            run.report("%,d records (%,d valid, %,d garbage, %d failed) produced at %,.0f/s; all processed %.1f s after the "
                            + "first was sent (%,.0f records/s over %d instances)", stats.totalAcked(), stats.acked(LoadGenerator.VALID),
                    garbageAcked, stats.failed(), stats.ratePerSecond(), processed.toMillis() / 1000.0,
                    stats.totalAcked() / (processed.toMillis() / 1000.0), INSTANCES);
            run.report("counted: %,d accepted and %,d dead-lettered on /metrics; DLQ topic %,d letters (%d duplicated, %d without "
                    + "source), %,d of the garbage records exactly once; reasons %s", accepted, deadLettered, deadLetters.total(),
                    deadLetters.duplicated(), deadLetters.withoutSource(), once, deadLetters.byReason());

            assertThat(stats.failed()).as(stats.firstFailure()).isZero();
            assertThat(stats.totalAcked()).isEqualTo(RECORDS);
            assertThat(garbageAcked).isEqualTo(RECORDS / GARBAGE_EVERY);
            assertThat(progress.endOffsetsSum()).isEqualTo(RECORDS);
            assertThat(once).as("every garbage record in the DLQ, once").isEqualTo(garbageAcked);
            assertThat(deadLetters.total()).as("nothing else in the DLQ").isEqualTo(garbageAcked);
            assertThat(deadLettered).isEqualTo(garbageAcked);
            assertThat(accepted).as("every valid record counted").isEqualTo(stats.acked(LoadGenerator.VALID));
        }
    }
}
