package dev.agentwatch.fleet;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class FailureTallyTest {

    private static final long MIN = 60_000;

    @Test
    void countsTheLastHourByErrorTypeOperationAndModelWeighted() {
        FailureTally t = new FailureTally();
        t.add("timeout", "chat", "gpt-4o", 0, 1);
        t.add("timeout", "chat", "gpt-4o", 10 * MIN, 10); // sampled 1 in 10
        t.add("rate_limit", "execute_tool", null, 20 * MIN, 1);
        assertThat(t.lastHour(30 * MIN)).containsExactly(new ErrorPattern("timeout", "chat", "gpt-4o", 11),
                new ErrorPattern("rate_limit", "execute_tool", null, 1));
        // An hour later the first bucket has left: only what the last hour holds counts.
        assertThat(t.lastHour(62 * MIN)).containsExactly(new ErrorPattern("timeout", "chat", "gpt-4o", 10),
                new ErrorPattern("rate_limit", "execute_tool", null, 1));
        assertThat(t.prune(2 * 60 * MIN)).isTrue();
        assertThat(t.lastHour(2 * 60 * MIN)).isEmpty();
    }

    @Test
    void aReusedBucketStartsFromZeroAndOlderEventsThanItsHourAreIgnored() {
        FailureTally t = new FailureTally();
        t.add("a", null, null, 0, 1);
        t.add("a", null, null, 60 * MIN, 1); // same slot, an hour on
        t.add("a", null, null, 1, 1);        // the old hour again: ignored
        assertThat(t.lastHour(60 * MIN)).containsExactly(new ErrorPattern("a", null, null, 1));
    }

    @Test
    void combinationsBeyondTheCapCountAsOther() {
        FailureTally t = new FailureTally();
        for (int i = 0; i < FailureTally.KEYS + 5; i++) {
            t.add("type-" + i, null, null, 0, 1);
        }
        assertThat(t.lastHour(0)).hasSize(FailureTally.KEYS + 1);
        assertThat(t.lastHour(0).get(0)).isEqualTo(new ErrorPattern(FailureTally.OTHER, null, null, 5));
    }
}
