package dev.agentwatch.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A bad rule file is refused whole, with every error at its exact line and column, and suggestions. */
class RuleFileErrorsTest {

    @Test
    void everyErrorOfAFileIsReportedInFileOrderWithPositionsAndSuggestions(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("many-errors.yaml");
        Files.writeString(file, Rules.resource("many-errors.yaml"));
        String f = file.toString();

        assertThat(RuleFiles.validate(file)).containsExactly(
                f + ":2:13: unknown severity 'urgent'; expected critical, error, warning or info",
                f + ":5:16: unknown metric 'tokens_per_requests'; did you mean 'tokens_per_request'?",
                f + ":7:31: cannot compare latency_p95 (a duration in milliseconds) with 5% (a fraction); "
                        + "write a duration such as 30s, 30000ms or 30000",
                f + ":8:14: unknown field 'sevrity' in a rule; expected alert, condition, overrides, severity, hold, "
                        + "keep_firing_for, min_samples, no_data, match, labels, annotations; did you mean 'severity'?",
                f + ":10:37: unknown unit 'mins' after 10; expected %, ms, s, min, h, d or w; did you mean 'min'?",
                f + ":11:16: unknown function 'zscor'; expected one of abs, min, max, sum, p50, p90, p95, p99, "
                        + "baseline, baseline_stddev, zscore; did you mean 'zscore'?",
                f + ":12:10: unknown field 'for' in a rule; expected alert, condition, overrides, severity, hold, "
                        + "keep_firing_for, min_samples, no_data, match, labels, annotations; the time a condition must "
                        + "hold before firing is 'hold' (a 'for' inside the condition is its window)",
                f + ":14:28: expected a metric, a number or a function, found the end of the condition",
                f + ":15:14: unknown no_data 'maybe'; expected ok, keep_last or alerting",
                f + ":17:30: unknown placeholder '{{valeu}}'; expected one of agent, value, threshold, baseline, rule, "
                        + "severity, fleet, window, condition; did you mean 'value'?");
    }

    @Test
    void aValidFileValidatesClean(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("ok.yaml");
        Files.writeString(file, Rules.resource("seed-articles-1.yaml"));
        assertThat(RuleFiles.validate(file)).isEmpty();
    }

    @Test
    void aMissingFileIsOneError(@TempDir Path dir) {
        assertThat(RuleFiles.validate(dir.resolve("nope.yaml"))).singleElement().asString().contains("cannot read");
    }

    @Test
    void yamlSyntaxErrorsSayWhere() {
        assertThat(Rules.errors("- alert: A\n  condition: error_rate > 5%\n severity: [oops\n"))
                .singleElement().asString().startsWith("rules.yaml:3:").contains("YAML syntax");
    }

    @Test
    void aRefusedFileThrowsWithAllErrors() {
        assertThatThrownBy(() -> Rules.parse("- condition: nope > 1\n- condition: error_rate >> 1\n"))
                .isInstanceOf(RuleFileException.class)
                .satisfies(e -> assertThat(((RuleFileException) e).errors()).hasSize(2))
                .hasMessageContaining("2 errors");
    }

    @Test
    void quotedConditionsPointInsideTheQuotes() {
        assertThat(Rules.errors("- condition: 'error_rate > 5% for 7q'\n")).containsExactly(
                "rules.yaml:1:36: unknown unit 'q' after 7; expected %, ms, s, min, h, d or w; did you mean 's'?");
        assertThat(Rules.errors("- condition: \"latency_p99 >= baseline(latency_p99, 90d)\"\n")).containsExactly(
                "rules.yaml:1:52: baseline horizon 90d is outside 5min to 30d");
    }

    @Test
    void unknownMetricsInsideFunctionsAreAllReported() {
        assertThat(Rules.errors("- condition: max(latncy_ms) > zscore(eror_rate, 1d)\n")).containsExactly(
                "rules.yaml:1:14: unknown metric 'max(latncy_ms)'; did you mean 'max(latency_ms)'?",
                "rules.yaml:1:38: unknown metric 'eror_rate'; did you mean 'error_rate'?");
    }

    @Test
    void conditionSyntaxErrors() {
        assertThat(Rules.errors("- condition: error_rate 5%\n")).containsExactly(
                "rules.yaml:1:25: expected a comparison (>, >=, <, <=, ==, !=) after 'error_rate', found '5%'");
        assertThat(Rules.errors("- condition: error_rate = 5%\n")).containsExactly(
                "rules.yaml:1:25: '=' is not an operator; write '==' to compare for equality");
        assertThat(Rules.errors("- condition: error_rate > 5% for 10\n")).containsExactly(
                "rules.yaml:1:34: expected a duration after 'for', such as 5min or 30s; found '10'");
        assertThat(Rules.errors("- condition: error_rate > 5% and latency_p95 > 2s\n")).containsExactly(
                "rules.yaml:1:30: expected 'for <duration>' or the end of the condition, found 'and'");
        assertThat(Rules.errors("- condition: (error_rate > 5%\n")).containsExactly(
                "rules.yaml:1:26: expected ')' to close the '(' at column 14, found '>'");
        assertThat(Rules.errors("- condition: \"\"\n")).singleElement().asString().contains("the condition is empty");
    }

    @Test
    void unitAndRangeMistakes() {
        assertThat(Rules.errors("- condition: error_rate > 5\n")).containsExactly(
                "rules.yaml:1:27: error_rate is a fraction between 0 and 1, so 5 is never reached; write 5% or 0.05");
        assertThat(Rules.errors("- condition: cost_per_call > 2s\n")).containsExactly(
                "rules.yaml:1:30: cannot compare cost_per_call (an amount in USD) with 2s (a duration in milliseconds); "
                        + "write an amount such as $0.50 or 0.5");
        assertThat(Rules.errors("- condition: latency_avg + 5% > 100\n")).containsExactly(
                "rules.yaml:1:26: cannot add latency_avg (a duration in milliseconds) and 5% (a fraction)");
        assertThat(Rules.errors("- condition: error_rate > 5% for 15s\n")).containsExactly(
                "rules.yaml:1:34: window 15s is not a whole number of 10s slices (the streams app's slice)");
        assertThat(Rules.errors("- condition: error_rate > 5% for 2d\n")).containsExactly(
                "rules.yaml:1:34: window 2d is longer than 1d; compare with baseline(<metric>, <horizon>) for longer periods");
    }

    @Test
    void bareBaselineNeedsExactlyOneMetric() {
        assertThat(Rules.errors("- condition: error_count / request_count > baseline\n")).containsExactly(
                "rules.yaml:1:44: 'baseline' alone means the baseline of the condition's metric, but the condition has "
                        + "2 metrics; write baseline(<metric>) or baseline(<metric>, <horizon>)");
    }

    @Test
    void structuralErrors() {
        assertThat(Rules.errors("- alert: A\n  severity: critical\n")).containsExactly(
                "rules.yaml:1:3: missing 'condition', e.g. condition: error_rate > 5% for 10min");
        assertThat(Rules.errors("- alert: A\n  condition: error_rate > 5%\n- alert: A\n  condition: error_rate > 6%\n"))
                .containsExactly("rules.yaml:3:10: duplicate rule name 'A' (also at line 1)");
        assertThat(Rules.errors("- alert: A\n  condition: error_rate > 5%\n  min_samples: -1\n")).containsExactly(
                "rules.yaml:3:16: min_samples: expected a whole number >= 0, got '-1'");
        assertThat(Rules.errors("- alert: A\n  condition: error_rate > 5%\n  hold: soon\n")).containsExactly(
                "rules.yaml:3:9: expected a duration such as 500ms, 10s, 5min, 2h, 30d; got 'soon'");
        assertThat(Rules.errors("- alert: A\n  condition: error_rate > 5%\n  match: {agnet_id: x}\n")).containsExactly(
                "rules.yaml:3:21: cannot match on 'agnet_id'; expected agent_id, fleet, model, labels.<name>; "
                        + "did you mean 'agent_id'?");
        assertThat(Rules.errors("- alert: A\n  condition: error_rate > 5%\n  overrides:\n    - threshold: 8%\n"))
                .containsExactly("rules.yaml:4:7: an override needs 'match', e.g. match: {agent_id: checkout-*}");
        assertThat(Rules.errors("rules:\n  - condition: error_rate > 5%\nevaluation_intervl: 5s\n")).containsExactly(
                "rules.yaml:3:21: unknown field 'evaluation_intervl' in the rule file; expected rules, alerting, defaults, "
                        + "evaluation_interval, baseline_min_history, sampling, metrics, agent_monitoring; did you mean 'evaluation_interval'?");
        assertThat(Rules.errors("- alert: A\n  condition: error_rate > 5%\n  alert: B\n")).singleElement().asString()
                .startsWith("rules.yaml:3:3: duplicate key 'alert'");
        assertThat(Rules.errors("just text\n")).containsExactly(
                "rules.yaml:1:1: expected a list of rules, or a mapping with 'rules:' (or 'agent_monitoring: alerting:')");
    }

    @Test
    void sameDerivedNameIsToldApartBySeverityOrRefused() {
        RuleSet set = Rules.parse("- condition: error_rate > 5%\n  severity: warning\n"
                + "- condition: error_rate > 5%\n  severity: critical\n");
        assertThat(set.rules()).extracting(Rule::name).containsExactly("error_rate_gt_5_pct", "error_rate_gt_5_pct_critical");
        assertThat(Rules.errors("- condition: error_rate > 5%\n- condition: error_rate > 5%\n- condition: error_rate > 5%\n"))
                .containsExactly("rules.yaml:3:3: this rule's derived name 'error_rate_gt_5_pct_warning' is already taken "
                        + "(line 2); give it a name with 'alert:'");
    }
}
