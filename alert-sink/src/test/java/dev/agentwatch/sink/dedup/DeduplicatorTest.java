package dev.agentwatch.sink.dedup;

import dev.agentwatch.schema.AlertEvent;
import dev.agentwatch.sink.testing.Alerts;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class DeduplicatorTest {

    private static final Instant T = Instant.parse("2025-03-01T12:00:00Z");

    @Test
    void theSameTransitionTwiceAndStaleEventsAreDropped() {
        Deduplicator d = new Deduplicator(100);
        AlertEvent firing = Alerts.firing("fp", "A", "a", "CRITICAL", T);
        AlertEvent resolved = Alerts.resolved(firing, T.plusSeconds(60));
        assertThat(d.isNew(0, firing)).isTrue();
        assertThat(d.isNew(0, firing)).isFalse();
        assertThat(d.isNew(0, resolved)).isTrue();
        assertThat(d.isNew(0, firing)).as("older than the last one seen").isFalse();
        assertThat(d.isNew(0, resolved)).isFalse();
        AlertEvent again = Alerts.firing("fp", "A", "a", "CRITICAL", T.plusSeconds(120));
        assertThat(d.isNew(0, again)).as("a new incident of the same fingerprint").isTrue();
    }

    @Test
    void forgettingAPartitionForgetsItsFingerprints() {
        Deduplicator d = new Deduplicator(100);
        AlertEvent firing = Alerts.firing("fp", "A", "a", "CRITICAL", T);
        d.isNew(1, firing);
        d.forgetPartition(1);
        assertThat(d.isNew(1, firing)).isTrue();
    }
}
