package dev.agentwatch.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

/** Rules-topic records that are not a rule set this instance can run: each is refused, saying why. */
class HostileRulesRecordsTest {

    private static final String TOPIC = "agentwatch.rules";
    private static final String WHERE = "<topic agentwatch.rules>:0:0: ";
    private static final RuleSet GOOD = Rules.parse("- alert: A\n  condition: error_rate > 5%\n");

    @Test
    void aRuleSetIsPublishedUnderItsVersionAndReadBack() {
        String key = RulesTopicCodec.keyOf(GOOD);
        assertThat(key).isEqualTo("ruleset@" + GOOD.versionHex()).hasSize("ruleset@".length() + 16);
        assertThat(decode(key, RulesTopicCodec.encode(GOOD)).version()).isEqualTo(GOOD.version());
        // records of the single key that came before per-version keys are still read
        assertThat(decode(RulesTopicCodec.KEY, RulesTopicCodec.encode(GOOD)).version()).isEqualTo(GOOD.version());
    }

    @Test
    void aRecordUnderAnotherKeyIsRefused() {
        String value = RulesTopicCodec.encode(GOOD);
        for (String key : new String[] {"rules", "ruleset@", "ruleset@xyz", "ruleset@" + GOOD.versionHex().toUpperCase(), ""}) {
            assertRefused(key, value, WHERE + "key '" + key + "' is not a rules key; expected 'ruleset@<version as 16 hex "
                    + "digits>' or the older 'ruleset'");
        }
        assertRefused(null, value, WHERE + "key: missing; expected 'ruleset@<version as 16 hex digits>' or the older 'ruleset'");
    }

    @Test
    void aKeyNamingAnotherVersionIsRefused() {
        assertRefused("ruleset@0000000000000001", RulesTopicCodec.encode(GOOD), WHERE + "key 'ruleset@0000000000000001' "
                + "names rule_version 1 but the record holds rule_version " + GOOD.version());
    }

    @Test
    void aValueThatIsNotTheJsonEnvelopeIsRefused() {
        String key = RulesTopicCodec.keyOf(GOOD);
        assertRefused(key, "not json {", WHERE + "value: not JSON: Unrecognized token 'not'");
        assertRefused(key, "[".repeat(100_000), WHERE + "value: not JSON:");
        assertRefused(key, "\"just a string\"", WHERE + "value: expected {\"format\":1,\"version\":...,\"source\":...,\"text\":...}");
        assertRefused(key, "{\"format\":1,\"version\":1,\"text\":{}}", WHERE + "value: expected {\"format\":1");
        assertRefused(key, "{\"format\":2,\"version\":1,\"text\":\"\"}", WHERE + "format: 2 is unknown; this instance reads format 1");
        assertRefused(key, "\u0000\u00ff\ufffd", WHERE + "value: not JSON:");
    }

    @Test
    void aVersionThatIsNotTheHashOfTheTextIsRefused() {
        String tampered = RulesTopicCodec.encode(GOOD).replace("5%", "50%");
        assertRefused(RulesTopicCodec.KEY, tampered, WHERE + "version: " + GOOD.version() + " does not match the text (its hash is "
                + RuleSet.versionOf(GOOD.text().replace("5%", "50%")) + ")");
    }

    @Test
    void anOversizeRecordIsRefusedBeforeItIsRead() {
        String value = "{\"format\":1,\"version\":1,\"source\":\"big\",\"text\":\"" + "x".repeat(2 * 1024 * 1024) + "\"}";
        assertRefused(RulesTopicCodec.KEY, value, WHERE + "value: the record is " + value.length()
                + " bytes; a rules record holds at most 2097152 (2 MiB)");
    }

    @Test
    void aHostileTextInAWellFormedEnvelopeIsRefusedWithTheTextsErrors() {
        String text = "- alert: A\n  condition: error_rate\u0001 > 5%\n";
        assertRefused(RulesTopicCodec.KEY, envelope("r.yaml", text),
                "r.yaml:2:24: YAML syntax: character U+0001 is not allowed (not printable)");
        // a source name that is not a short printable name is not used to name the errors
        assertRefused(RulesTopicCodec.KEY, envelope("\u001b[2J" + "x".repeat(300), text),
                WHERE.replace(":0:0: ", ":2:24: ") + "YAML syntax: character U+0001");
    }

    private static String envelope(String source, String text) {
        ObjectNode o = new ObjectMapper().createObjectNode();
        o.put("format", 1);
        o.put("version", RuleSet.versionOf(text));
        o.put("source", source);
        o.put("text", text);
        return o.toString();
    }

    private static RuleSet decode(String key, String value) {
        return RulesTopicCodec.decode(TOPIC, key, value, RuleCompileOptions.DEFAULTS);
    }

    private static void assertRefused(String key, String value, String firstErrorStart) {
        assertThatThrownBy(() -> decode(key, value)).isInstanceOf(RuleFileException.class)
                .satisfies(e -> assertThat(((RuleFileException) e).errors().get(0).format()).startsWith(firstErrorStart));
    }
}
