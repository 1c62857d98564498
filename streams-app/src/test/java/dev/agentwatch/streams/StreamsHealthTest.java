package dev.agentwatch.streams;

import dev.agentwatch.ingest.IngestCounters;
import dev.agentwatch.rules.RuleBook;
import dev.agentwatch.rules.RuleCompileOptions;
import dev.agentwatch.streams.agents.AgentAdmission;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** /health tells the truth: KafkaStreams' state, and a stream thread that died and was replaced. */
class StreamsHealthTest {

    private final StreamsHealth health = new StreamsHealth();

    @Test
    void upOnlyWhileRunningOrRebalancing() {
        assertThat(health.up(0)).isFalse(); // CREATED
        health.stateChanged(KafkaStreams.State.RUNNING);
        assertThat(health.up(0)).isTrue();
        health.stateChanged(KafkaStreams.State.REBALANCING);
        assertThat(health.up(0)).isTrue();
        health.stateChanged(KafkaStreams.State.ERROR);
        assertThat(health.up(0)).isFalse();
        assertThat(health.json(0)).contains("\"status\":\"DOWN\"").contains("\"state\":\"ERROR\"");
    }

    @Test
    void aReplacedThreadMakesTheInstanceDownForAWhileThoughKafkaStreamsStaysRunning() {
        health.stateChanged(KafkaStreams.State.RUNNING);
        long t = 1_000_000;
        health.threadFailed(new RuntimeException("wrapper", new IllegalStateException("registry said \"no\"")), t);
        assertThat(health.up(t + 1_000)).isFalse();
        assertThat(health.json(t + 1_000)).contains("\"status\":\"DOWN\"").contains("\"thread_failures\":1")
                .contains("registry said \\\"no\\\"");
        assertThat(health.up(t + StreamsHealth.RECENT.toMillis() + 1)).isTrue();
        assertThat(health.threadFailures()).isEqualTo(1);
    }

    @Test
    void metricsCountThreadFailuresAndShowTheState() {
        health.stateChanged(KafkaStreams.State.RUNNING);
        health.threadFailed(new RuntimeException("x"), 0);
        health.threadFailed(new RuntimeException("y"), 0);
        AgentAdmission admission = new AgentAdmission(10);
        admission.tryAdmit();
        IngestCounters counters = new IngestCounters();
        counters.duplicate();
        String text = PrometheusText.render(counters, new RuleBook(new RuleCompileOptions(Duration.ofSeconds(10))),
                health, admission);
        assertThat(text).contains("agentwatch_stream_thread_failures_total 2\n")
                .contains("agentwatch_streams_state{state=\"RUNNING\"} 1\n")
                .contains("agentwatch_streams_state{state=\"ERROR\"} 0\n")
                .contains("agentwatch_agents 1\n").contains("agentwatch_agents_max 10\n")
                .contains("agentwatch_events_duplicate_total 1\n");
    }
}
