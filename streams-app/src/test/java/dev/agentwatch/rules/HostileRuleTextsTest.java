package dev.agentwatch.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Texts written to hurt the compiler: each is refused as a rule file, with a located error, and nothing
 * else escapes (issue 11: one such text on the rules topic stopped every instance).
 */
class HostileRuleTextsTest {

    @Test
    void aControlCharacterIsAYamlErrorAtItsPosition() {
        assertThat(Rules.errors("- alert: A\n  condition: error_rate\u0001 > 5%\n")).containsExactly(
                "rules.yaml:2:24: YAML syntax: character U+0001 is not allowed (not printable)");
        assertThat(Rules.errors("\u0000")).containsExactly(
                "rules.yaml:1:1: YAML syntax: character U+0000 is not allowed (not printable)");
    }

    @Test
    void deepYamlNestingIsRefusedBeforeItIsComposed() {
        int depth = 100_000;
        assertThat(Rules.errors("rules: " + "[".repeat(depth) + "]".repeat(depth) + "\n")).singleElement().asString()
                .isEqualTo("rules.yaml:0:0: YAML: nested more than 32 levels deep");
    }

    @Test
    void anAliasBombIsRefusedWithoutExpandingIt() {
        // the billion laughs: nine levels of nine aliases, 9^9 values once expanded
        StringBuilder bomb = new StringBuilder("lol0: &lol0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for (int level = 1; level <= 9; level++) {
            bomb.append("lol").append(level).append(": &lol").append(level).append(" [");
            for (int i = 0; i < 9; i++) {
                bomb.append(i == 0 ? "" : ", ").append("*lol").append(level - 1);
            }
            bomb.append("]\n");
        }
        assertThat(Rules.errors(bomb.toString())).singleElement().asString().startsWith("rules.yaml:1:")
                .contains("YAML: aliases expand the document to more than 1000000 values");
    }

    @Test
    void manyAliasesOfCollectionsAreRefused() {
        StringBuilder yaml = new StringBuilder("defaults: {match: &prod {fleet: prod}}\nrules:\n");
        for (int i = 0; i < 101; i++) {
            yaml.append("  - {alert: R").append(i).append(", condition: error_rate > 5%, match: *prod}\n");
        }
        assertThat(Rules.errors(yaml.toString())).containsExactly(
                "rules.yaml:0:0: YAML: more than 100 aliases of lists or mappings");
    }

    @Test
    void anAliasInsideTheCollectionItNamesIsRefused() {
        assertThat(Rules.errors("rules: &r [*r]\n")).singleElement().asString()
                .contains("YAML: aliases expand the document to more than 1000000 values");
    }

    @Test
    void sharedBlocksThroughAliasesStillLoad() {
        StringBuilder yaml = new StringBuilder("x-prod: &prod {fleet: prod, labels: {env: prod}}\nrules:\n");
        for (int i = 0; i < 30; i++) {
            yaml.append("  - {alert: R").append(i).append(", condition: error_rate > 5%, match: *prod}\n");
        }
        // an unknown top-level key is still an error; the point is that 30 aliases of one mapping are fine
        assertThat(Rules.errors(yaml.toString())).singleElement().asString().startsWith("rules.yaml:1:9: unknown field 'x-prod'");
        String valid = yaml.toString().replace("x-prod: &prod {fleet: prod, labels: {env: prod}}",
                "defaults: {labels: &team {team: sre}}").replace("match: *prod", "labels: *team");
        assertThat(Rules.parse(valid).rules()).hasSize(30);
    }

    @Test
    void aConditionOfAHundredThousandParenthesesIsRefusedByItsLength() {
        int depth = 100_000;
        String condition = "(".repeat(depth) + "error_rate" + ")".repeat(depth) + " > 5%";
        assertThat(Rules.errors("- condition: \"" + condition + "\"\n")).containsExactly(
                "rules.yaml:1:14: a condition or threshold is at most 1000 characters; this one has 200015");
    }

    @Test
    void conditionsNestedDeeperThanTheLimitAreRefused() {
        String parentheses = "(".repeat(100) + "error_rate" + ")".repeat(100) + " > 5%";
        String negations = "-".repeat(100) + "error_rate > 5%";
        String chain = "error_rate" + "+1".repeat(100) + " > 5%";
        for (String condition : List.of(parentheses, negations, chain)) {
            assertThat(Rules.errors("- condition: \"" + condition + "\"\n")).singleElement().asString()
                    .startsWith("rules.yaml:1:").contains("the expression nests more than 64 levels deep");
        }
        // an override's threshold goes through the same parser
        assertThat(Rules.errors("- condition: error_rate > 5%\n  overrides:\n    - match: {agent_id: a}\n"
                + "      threshold: \"" + "(".repeat(100) + "5%" + ")".repeat(100) + "\"\n"))
                .singleElement().asString().contains("the expression nests more than 64 levels deep");
        assertThat(Rules.condition("(((error_rate))) + abs(-(error_rate - 0.01)) * 2 > 5%")).isNotNull();
    }

    @Test
    void anOversizeTextIsRefusedBeforeItIsParsed() {
        String text = "- condition: error_rate > 5%\n#" + "x".repeat(1024 * 1024) + "\n";
        assertThat(Rules.errors(text)).containsExactly(
                "rules.yaml:0:0: the text is 1048607 bytes; a YAML file holds at most 1048576 (1 MiB)");
    }

    @Test
    void aMatchPatternLongerThanWhatItMatchesIsRefused() {
        String pattern = "*a".repeat(20_000);
        assertThat(Rules.errors("- condition: error_rate > 5%\n  match: {agent_id: '" + pattern + "'}\n"))
                .containsExactly("rules.yaml:2:21: a match pattern is at most 256 characters; this one has 40000");
    }

    @Test
    void tooManyRulesAreOneError() {
        String rule = "- condition: error_rate > 5%\n  severity: warning\n";
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 1001; i++) {
            text.append(rule.replace("5%", i + "%"));
        }
        assertThat(Rules.errors(text.toString())).containsExactly(
                "rules.yaml:1:1: 1001 rules; a rule file holds at most 1000");
    }

    @Test
    void theErrorsListedStopAtAHundred() {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 250; i++) {
            text.append("- condition: nope").append(i).append(" > 1\n");
        }
        List<String> errors = Rules.errors(text.toString());
        assertThat(errors).hasSize(101);
        assertThat(errors.get(0)).startsWith("rules.yaml:1:14: unknown metric 'nope0'");
        assertThat(errors.get(100)).isEqualTo("rules.yaml:0:0: and 150 more errors");
    }

    @Test
    void errorMessagesAreOnePrintableLineOfBoundedLength() {
        String severity = "\\e[31m" + "y".repeat(5_000); // "\\e" is ESC in a double-quoted YAML string
        List<String> errors = Rules.errors("- condition: error_rate > 5%\n  severity: \"" + severity + "\"\n");
        assertThat(errors).singleElement().asString().doesNotContain("\u001b").contains("unknown severity '\\u001b[31myyy")
                .hasSizeLessThan(1100);
    }

    @Test
    void anEmptyRuleListRemovesEveryRule() {
        assertThat(Rules.parse("rules: []\n").rules()).isEmpty();
        assertThat(Rules.parse("[]\n").rules()).isEmpty();
    }
}
