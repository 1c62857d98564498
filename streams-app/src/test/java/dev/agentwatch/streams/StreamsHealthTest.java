package dev.agentwatch.streams;

import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;

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
}
