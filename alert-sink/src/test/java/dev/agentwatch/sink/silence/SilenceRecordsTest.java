package dev.agentwatch.sink.silence;

import dev.agentwatch.sink.matching.Matcher;
import dev.agentwatch.sink.model.SourceRecord;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * What each record of the silences topic does, whoever wrote it: acceptable silences go into the
 * store; anything else is refused with a reason and counted, and removes the silence with its id (as compaction will),
 * the other silences stay, and nothing a record holds makes it throw.
 */
class SilenceRecordsTest {

    private static final Instant T = Instant.parse("2025-03-01T12:00:00Z");
    private static final Map<String, String> ANY_ALERT = Map.of("alertname", "AgentTimeout", "agent_id", "a-1", "severity", "critical");

    private final SilenceStore store = new SilenceStore();
    private final List<String> refused = new ArrayList<>();
    private final List<String> dropped = new ArrayList<>();
    private final SilenceRefusals counters = new SilenceRefusals() {
        @Override
        public void refused(String reason) {
            refused.add(reason);
        }

        @Override
        public void dropped(String reason) {
            dropped.add(reason);
        }
    };
    private final SilenceRecords records = new SilenceRecords(store, counters);
    private long offset;

    private void apply(String key, byte[] value) {
        records.apply(key, value, new SourceRecord("silences", 0, offset++));
    }

    private void apply(String key, String json) {
        apply(key, json.getBytes(StandardCharsets.UTF_8));
    }

    private static String silence(String id, String matchers) {
        return """
                {"id":"%s","matchers":%s,"startsAt":"%s","endsAt":"%s","createdBy":"x","comment":"y"}
                """.formatted(id, matchers, T, T.plus(Duration.ofHours(2)));
    }

    @Test
    void aSilenceWithoutMatchersIsRefusedAndMutesNothing() {
        apply("evil", silence("evil", "[]"));
        assertThat(refused).containsExactly("no-matchers");
        assertThat(store.all()).isEmpty();
        assertThat(store.mutedBy(ANY_ALERT, T.plusSeconds(1))).isEmpty();
    }

    @Test
    void aSilenceWhoseMatchersAllMatchTheEmptyStringIsRefused() {
        apply("s", silence("s", "[{\"name\":\"team\",\"value\":\".*\",\"isRegex\":true}]"));
        apply("t", silence("t", "[{\"name\":\"team\",\"value\":\"\"},{\"name\":\"x\",\"value\":\"y\",\"isEqual\":false}]"));
        assertThat(refused).containsExactly("matches-everything", "matches-everything");
        assertThat(store.mutedBy(ANY_ALERT, T.plusSeconds(1))).isEmpty();
    }

    @Test
    void aRefusedVersionOfAKnownSilenceRemovesItAsCompactionWillAndLeavesTheOthers() {
        apply("s", silence("s", "[{\"name\":\"agent_id\",\"value\":\"a-1\"}]"));
        apply("t", silence("t", "[{\"name\":\"agent_id\",\"value\":\"a-2\"}]"));
        Silence other = store.get("t").orElseThrow();
        apply("s", silence("s", "[]"));
        assertThat(refused).containsExactly("no-matchers");
        assertThat(dropped).containsExactly("no-matchers");
        assertThat(store.get("s")).isEmpty();
        assertThat(store.mutedBy(ANY_ALERT, T.plusSeconds(1))).isEmpty();
        assertThat(store.all()).containsExactly(other);

        apply("s", "{\"id\":\"s\",\"matchers\":[{\"name\":\"agent_id\",\"value\":\"a-1\"}],\"startsAt\":\"" + T
                + "\",\"endsAt\":\"" + T.minusSeconds(1) + "\"}");
        assertThat(refused).containsExactly("no-matchers", "ends-before-start");
        assertThat(dropped).as("nothing left to remove").containsExactly("no-matchers");
        apply("s", silence("s", "[{\"name\":\"agent_id\",\"value\":\"a-1\"}]"));
        assertThat(store.get("s")).as("a good version later counts again").isPresent();
    }

    @Test
    void aRecordWhoseKeyNamesAKnownSilenceRemovesItWhateverIdItsValueClaims() {
        apply("s", silence("s", "[{\"name\":\"agent_id\",\"value\":\"a-1\"}]"));
        apply("s", silence("other", "[{\"name\":\"agent_id\",\"value\":\"a-1\"}]"));
        assertThat(refused).containsExactly("key-mismatch");
        assertThat(dropped).containsExactly("key-mismatch");
        assertThat(store.all()).isEmpty();
    }

    @Test
    void everyStringAndTheRecordAreBounded() {
        String longValue = "v".repeat(SilenceRules.MAX_VALUE + 1);
        apply("a", silence("a", "[{\"name\":\"agent_id\",\"value\":\"" + longValue + "\"}]"));
        apply("b", silence("b", "[{\"name\":\"" + "n".repeat(SilenceRules.MAX_NAME + 1) + "\",\"value\":\"x\"}]"));
        apply("c", silence("c", "[{\"name\":\"a\",\"value\":\"b\"}]").replace("\"comment\":\"y\"",
                "\"comment\":\"" + "c".repeat(SilenceRules.MAX_COMMENT + 1) + "\""));
        apply("d", silence("d", "[{\"name\":\"a\",\"value\":\"b\"}]").replace("\"createdBy\":\"x\"",
                "\"createdBy\":\"" + "c".repeat(SilenceRules.MAX_CREATED_BY + 1) + "\""));
        String many = "[" + String.join(",", java.util.Collections.nCopies(SilenceRules.MAX_MATCHERS + 1,
                "{\"name\":\"a\",\"value\":\"b\"}")) + "]";
        apply("e", silence("e", many));
        apply("f", silence("f", "[{\"name\":\"a\",\"value\":\"b\"}]").replace("\"comment\":\"y\"",
                "\"comment\":\"y\",\"padding\":\"" + "p".repeat(SilenceCodec.MAX_RECORD_BYTES) + "\""));
        assertThat(refused).containsExactly("too-long", "too-long", "too-long", "too-long", "too-many-matchers", "too-large");
        assertThat(store.all()).isEmpty();
    }

    @Test
    void hostileJsonIsRefusedWithoutThrowing() {
        String deep = "[".repeat(100_000) + "]".repeat(100_000);
        apply("deep", "{\"id\":\"deep\",\"matchers\":" + deep + "}");
        apply("nest", "{\"id\":\"nest\",\"matchers\":" + "[".repeat(20) + "]".repeat(20) + "}");
        apply("dup", "{\"id\":\"dup\",\"id\":\"other\"}");
        apply("two", silence("two", "[{\"name\":\"a\",\"value\":\"b\"}]") + " {}");
        apply("type", silence("type", "[{\"name\":\"a\",\"value\":\"b\",\"isRegex\":\"yes\"}]"));
        apply("time", silence("time", "[{\"name\":\"a\",\"value\":\"b\"}]").replace(T.toString(), "yesterday"));
        apply("bomb", silence("bomb", "[{\"name\":\"a\",\"value\":\"((a{1000}){1000}){1000}\",\"isRegex\":true}]"));
        apply("key", silence("other", "[{\"name\":\"a\",\"value\":\"b\"}]"));
        apply(null, silence("x", "[{\"name\":\"a\",\"value\":\"b\"}]"));
        apply("array", "[1,2,3]");
        assertThat(refused).containsExactly("too-large", "too-complex", "not-json", "not-json", "bad-field", "bad-time", "bad-matcher",
                "key-mismatch", "no-key", "not-an-object");
        assertThat(store.all()).isEmpty();
    }

    @Test
    void noByteContentMakesItThrow() {
        SplittableRandom random = new SplittableRandom(11);
        String valid = silence("s", "[{\"name\":\"agent_id\",\"value\":\"a-1\"}]");
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            for (int i = 0; i < 2_000; i++) {
                byte[] bytes = valid.getBytes(StandardCharsets.UTF_8);
                // Flip a few bytes of a valid record, or send noise.
                if (i % 2 == 0) {
                    for (int k = 0; k < 1 + random.nextInt(4); k++) {
                        bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
                    }
                } else {
                    bytes = new byte[random.nextInt(200)];
                    random.nextBytes(bytes);
                }
                apply("s", bytes);
            }
        });
        // Whatever got in passed the rules.
        store.all().forEach(SilenceRules::checkStored);
        assertThat(refused).isNotEmpty();
    }

    @Test
    void aValidSilenceGetsIn() {
        apply("ok", silence("ok", "[{\"name\":\"agent_id\",\"value\":\"a-1\"},{\"name\":\"team\",\"value\":\".*\",\"isRegex\":true}]"));
        assertThat(refused).isEmpty();
        assertThat(store.mutedBy(ANY_ALERT, T.plusSeconds(1))).isPresent();
        assertThat(store.get("ok").orElseThrow().matchers()).containsExactly(Matcher.parse("agent_id=\"a-1\""),
                Matcher.parse("team=~\".*\""));
    }
}
