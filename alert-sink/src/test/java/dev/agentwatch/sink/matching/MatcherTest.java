package dev.agentwatch.sink.matching;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
}
