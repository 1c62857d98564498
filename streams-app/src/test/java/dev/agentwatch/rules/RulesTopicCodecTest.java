package dev.agentwatch.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RulesTopicCodecTest {

    @Test
    void aRuleSetRoundTripsThroughTheTopicRecord() {
        RuleSet original = RuleFiles.parse("seed-2.yaml", Rules.resource("seed-articles-2.yaml"));
        String value = RulesTopicCodec.encode(original);
        RuleSet back = RulesTopicCodec.decode(value, RuleCompileOptions.DEFAULTS);
        assertThat(back.version()).isEqualTo(original.version());
        assertThat(back.text()).isEqualTo(original.text());
        assertThat(back.sourceName()).isEqualTo("seed-2.yaml");
        assertThat(back.rules()).extracting(Rule::name).isEqualTo(original.rules().stream().map(Rule::name).toList());
        assertThat(back.sampling()).isEqualTo(original.sampling());
    }

    @Test
    void aTamperedOrForeignRecordIsRefused() {
        String value = RulesTopicCodec.encode(RuleFiles.parse("s", Rules.resource("seed-articles-1.yaml")));
        assertThatThrownBy(() -> RulesTopicCodec.decode(value.replace("5%", "50%"), RuleCompileOptions.DEFAULTS))
                .isInstanceOf(RuleFileException.class).hasMessageContaining("does not match the text");
        assertThatThrownBy(() -> RulesTopicCodec.decode("{\"format\":2,\"version\":1,\"text\":\"\"}", RuleCompileOptions.DEFAULTS))
                .isInstanceOf(RuleFileException.class).hasMessageContaining("format: 2 is unknown");
        assertThatThrownBy(() -> RulesTopicCodec.decode("not json", RuleCompileOptions.DEFAULTS))
                .isInstanceOf(RuleFileException.class).hasMessageContaining("not JSON");
    }

    @Test
    void aRecordWhoseTextNoLongerCompilesHereReportsItsErrors() {
        String text = "- condition: error_rate > 5% for 15s\n";
        String value = "{\"format\":1,\"version\":" + RuleSet.versionOf(text) + ",\"source\":\"r.yaml\",\"text\":"
                + "\"- condition: error_rate > 5% for 15s\\n\"}";
        assertThatThrownBy(() -> RulesTopicCodec.decode(value, RuleCompileOptions.DEFAULTS))
                .isInstanceOf(RuleFileException.class).hasMessageContaining("r.yaml:1:34: window 15s");
        assertThat(RulesTopicCodec.decode(value, new RuleCompileOptions(java.time.Duration.ofSeconds(5))).windows())
                .containsExactly(java.time.Duration.ofSeconds(15));
    }
}
