package dev.agentwatch.cli.rules;

import dev.agentwatch.cli.rules.RulesTopicHistory.Latest;
import dev.agentwatch.rules.RuleCompileOptions;
import dev.agentwatch.rules.RuleFiles;
import dev.agentwatch.rules.RuleSet;
import dev.agentwatch.rules.RulesTopicCodec;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Which rules keys `rules apply` tombstones, from the latest record of each key of the topic. */
class RulesTopicHistoryTest {

    private static final String TOPIC = "agentwatch.rules";
    private static final int KEEP = RulesTopicCodec.KEPT_VERSIONS;

    private final Map<String, Latest> topic = new HashMap<>();
    private long offset;

    @Test
    void theVersionsOlderThanTheNewestTenAreWithdrawnOldestFirst() {
        List<String> keys = applied(15);
        assertThat(superseded()).containsExactlyElementsOf(keys.subList(0, 5));
        topic.clear();
        applied(KEEP);
        assertThat(superseded()).isEmpty();
    }

    @Test
    void recordsThatDoNotCompileAreNeverAmongTheTenKept() {
        List<String> good = applied(12);
        // a producer other than `rules apply` writes eleven records under version keys: none compiles
        for (int i = 0; i < 11; i++) {
            String text = "- condition: nope > " + i + "\n";
            write("ruleset@" + String.format("%016x", RuleSet.versionOf(text)), "{\"format\":1,\"version\":"
                    + RuleSet.versionOf(text) + ",\"text\":\"" + text.replace("\n", "\\n") + "\"}");
        }
        write("ruleset@00000000000000" + "ff", RulesTopicCodec.encode(rules(1))); // a key naming another version
        write("junk", RulesTopicCodec.encode(rules(1)));
        assertThat(superseded()).containsExactlyElementsOf(good.subList(0, 2));
    }

    @Test
    void versionsTombstonedByHandCountForNothingAndAReappliedVersionIsTheNewest() {
        List<String> keys = applied(12);
        tombstone(keys.get(11));
        tombstone(keys.get(10));
        tombstone(keys.get(5));
        tombstone(keys.get(0));
        tombstone(keys.get(0));
        assertThat(superseded()).as("eight left").isEmpty();
        write(keys.get(0), RulesTopicCodec.encode(rules(1))); // the first version applied again: the newest now
        applied(2);
        assertThat(superseded()).as("eleven left").containsExactly(keys.get(1));
    }

    @Test
    void anOldRecordUnderTheOlderKeyOrThatNoLongerCompilesIsWithdrawnAKeyThatIsNoRulesKeyIsNot() {
        write(RulesTopicCodec.KEY, RulesTopicCodec.encode(rules(100)));
        String brokenKey = RulesTopicCodec.keyOf(rules(101));
        write(brokenKey, "not json");
        write("junk", "not json");
        applied(KEEP);
        assertThat(superseded()).containsExactlyInAnyOrder(RulesTopicCodec.KEY, brokenKey);
    }

    private List<String> superseded() {
        return RulesTopicHistory.superseded(topic, TOPIC, RuleCompileOptions.DEFAULTS, KEEP);
    }

    private List<String> applied(int n) {
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            RuleSet r = rules((int) offset + 1);
            write(RulesTopicCodec.keyOf(r), RulesTopicCodec.encode(r));
            keys.add(RulesTopicCodec.keyOf(r));
        }
        return keys;
    }

    private static RuleSet rules(int threshold) {
        return RuleFiles.parse("r.yaml", "- alert: A\n  condition: latency_p95 > " + threshold + "ms\n", RuleCompileOptions.DEFAULTS);
    }

    private void write(String key, String value) {
        topic.put(key, new Latest(offset++, value));
    }

    private void tombstone(String key) {
        write(key, null);
    }
}
