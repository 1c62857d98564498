package dev.agentwatch.sink.matching;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

class MatcherTest {

    private static final Map<String, String> LABELS = Map.of("alertname", "HighTokenDrift", "severity", "warning", "agent_id", "a-1");

    @Test
    void theFourOperatorsWithQuotedAndBareValues() {
        assertThat(Matcher.parse("severity=\"warning\"").matches(LABELS)).isTrue();
        assertThat(Matcher.parse("severity = warning").matches(LABELS)).isTrue();
        assertThat(Matcher.parse("severity!=\"warning\"").matches(LABELS)).isFalse();
        assertThat(Matcher.parse("alertname=~\"High.*\"").matches(LABELS)).isTrue();
        assertThat(Matcher.parse("alertname!~\"High.*\"").matches(LABELS)).isFalse();
    }

    @Test
    void regexesAreAnchoredAndMissingLabelsAreEmpty() {
        assertThat(Matcher.parse("alertname=~\"Token\"").matches(LABELS)).isFalse();
        assertThat(Matcher.parse("team=\"\"").matches(LABELS)).isTrue();
        assertThat(Matcher.parse("team!=\"\"").matches(LABELS)).isFalse();
    }

    @Test
    void quotedValuesKeepEscapesAndOperatorsInside() {
        Matcher m = Matcher.parse("summary=\"a \\\"quoted\\\" = value\"");
        assertThat(m.value()).isEqualTo("a \"quoted\" = value");
        assertThat(Matcher.parse(m.toString())).isEqualTo(m);
    }

    @Test
    void badInputSaysWhatIsWrong() {
        assertThatThrownBy(() -> Matcher.parse("severity")).hasMessageContaining("expected a matcher");
        assertThatThrownBy(() -> Matcher.parse("severity=\"open")).hasMessageContaining("missing closing quote");
        assertThatThrownBy(() -> Matcher.parse("a=~\"(\"")).hasMessageContaining("bad regular expression");
        assertThatThrownBy(() -> Matcher.parse("=x")).hasMessageContaining("expected a matcher");
    }

    @Test
    void catastrophicBacktrackingPatternsRunInLinearTime() {
        // A backtracking engine tries every way to split the value among the groups: (.*a){20} on 40 a's and a
        // '!' is hours for java.util.regex (its memo saves (a+)+$, not this); RE2 semantics take one pass.
        String value = "a".repeat(40) + "!";
        Matcher m = Matcher.parse("agent_id=~\"(a+)+$\"");
        Matcher splits = Matcher.parse("agent_id=~\"(.*a){20}\"");
        assertTimeoutPreemptively(Duration.ofSeconds(2), () -> {
            assertThat(m.matches(Map.of("agent_id", value))).isFalse();
            assertThat(splits.matches(Map.of("agent_id", value))).isFalse();
        });
        assertThat(m.matches(Map.of("agent_id", "aaaa"))).isTrue();
    }

    @Test
    void regexesHaveRe2SemanticsAndMatchTheWholeValue() {
        assertThat(Matcher.parse("alertname=~\"(?i)high.*\"").matches(LABELS)).isTrue();
        assertThat(Matcher.parse("agent_id=~\"a-1|b\"").matches(LABELS)).isTrue();
        assertThat(Matcher.parse("agent_id=~\"a\"").matches(LABELS)).as("anchored at both ends").isFalse();
        // Backreferences and lookarounds need backtracking; RE2 has neither.
        assertThatThrownBy(() -> Matcher.parse("agent_id=~\"(a)\\\\1\"")).hasMessageContaining("bad regular expression");
        assertThatThrownBy(() -> Matcher.parse("agent_id=~\"a(?=b)\"")).hasMessageContaining("bad regular expression");
    }

    @Test
    void regexesThatWouldExhaustMemoryOrTheStackWhenCompiledAreRefused() {
        // RE2J expands counted repetitions into copies: these would need gigabytes or overflow the stack.
        assertThatThrownBy(() -> new Matcher("a", MatchType.REGEX, "((a{1000}){1000}){1000}")).hasMessageContaining("repeats too much");
        assertThatThrownBy(() -> new Matcher("a", MatchType.REGEX, "(x{2,1000}){1000}")).hasMessageContaining("repeats too much");
        assertThatThrownBy(() -> new Matcher("a", MatchType.REGEX, "(".repeat(600) + "a" + ")".repeat(600)))
                .hasMessageContaining("longer than 1024");
        assertThatThrownBy(() -> new Matcher("a", MatchType.REGEX, "(".repeat(100) + "a" + ")".repeat(100)))
                .hasMessageContaining("nests groups more than 64 deep");
        assertThat(new Matcher("a", MatchType.REGEX, "(a{10}){100}b{1000}[{]{3}\\{5}").matches(Map.of("a", "x"))).isFalse();
        assertThat(new Matcher("a", MatchType.REGEX, "x{2}").matches(Map.of("a", "xx"))).isTrue();
    }
}
