package dev.agentwatch.topics;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

/** The header names are a contract (README, both dead-letter topics, tools reading them): pinned here. */
class DeadLetterHeadersTest {

    @Test
    void namesAreThePublishedOnes() {
        assertThat(DeadLetterHeaders.REASON).isEqualTo("agentwatch.dlq.reason");
        assertThat(DeadLetterHeaders.DETAIL).isEqualTo("agentwatch.dlq.detail");
        assertThat(DeadLetterHeaders.FIELD).isEqualTo("agentwatch.dlq.field");
        assertThat(DeadLetterHeaders.RECEIVER).isEqualTo("agentwatch.dlq.receiver");
        assertThat(DeadLetterHeaders.SOURCE_TOPIC).isEqualTo("agentwatch.dlq.source.topic");
        assertThat(DeadLetterHeaders.SOURCE_PARTITION).isEqualTo("agentwatch.dlq.source.partition");
        assertThat(DeadLetterHeaders.SOURCE_OFFSET).isEqualTo("agentwatch.dlq.source.offset");
        assertThat(DeadLetterHeaders.TIME).isEqualTo("agentwatch.dlq.time");
        assertThat(DeadLetterHeaders.TRUNCATED).isEqualTo("agentwatch.dlq.truncated");
        assertThat(DeadLetterHeaders.VALUE_SIZE).isEqualTo("agentwatch.dlq.value.size");
        assertThat(DeadLetterHeaders.WRITE_ERROR).isEqualTo("agentwatch.dlq.write.error");
    }

    @Test
    void aRefusedEventKeepsItsHeadersAndGetsItsReasonsOnce() {
        RecordHeaders original = new RecordHeaders();
        original.add("traceparent", "00-abc".getBytes(StandardCharsets.UTF_8));
        original.add(DeadLetterHeaders.REASON, "stale".getBytes(StandardCharsets.UTF_8));
        var h = DeadLetterHeaders.of(original, "bad-field", "tokens_in", null, "agentwatch.metrics", 3, 42L, 0L);
        assertThat(DeadLetterHeaders.text(h, "traceparent")).isEqualTo("00-abc");
        assertThat(h.headers(DeadLetterHeaders.REASON)).hasSize(1);
        assertThat(DeadLetterHeaders.text(h, DeadLetterHeaders.REASON)).isEqualTo("bad-field");
        assertThat(DeadLetterHeaders.text(h, DeadLetterHeaders.FIELD)).isEqualTo("tokens_in");
        assertThat(DeadLetterHeaders.text(h, DeadLetterHeaders.DETAIL)).isEmpty();
        assertThat(DeadLetterHeaders.text(h, DeadLetterHeaders.SOURCE_PARTITION)).isEqualTo("3");
        assertThat(DeadLetterHeaders.text(h, DeadLetterHeaders.SOURCE_OFFSET)).isEqualTo("42");
        assertThat(DeadLetterHeaders.text(h, DeadLetterHeaders.TIME)).isEqualTo("1970-01-01T00:00:00Z");
        assertThat(DeadLetterHeaders.text(h, DeadLetterHeaders.TRUNCATED)).isNull();
        assertThat(DeadLetterHeaders.text(original, DeadLetterHeaders.REASON)).as("the original is not changed").isEqualTo("stale");
    }
}
