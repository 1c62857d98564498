package dev.agentwatch.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentwatch.baseline.BaselineKey;
import dev.agentwatch.window.Metrics;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** SPEC section 2: both seed blocks, copied verbatim into test resources, load as they are. */
class SeedRuleFilesTest {

    @Test
    void firstSeedBlockLoadsWithNamesSeveritiesAndWindows() {
        RuleSet set = RuleFiles.parse("seed-1.yaml", Rules.resource("seed-articles-1.yaml"));

        assertThat(set.rules()).extracting(Rule::name).containsExactly("HighTokenDrift", "AgentTimeout", "ErrorSpikeDetected");
        assertThat(set.rules()).extracting(r -> r.base().severity())
                .containsExactly(Severity.WARNING, Severity.CRITICAL, Severity.CRITICAL);
        assertThat(set.rules()).extracting(r -> r.base().windowMs()).containsExactly(300_000L, 60_000L, 600_000L);
        assertThat(set.windows()).containsExactly(Duration.ofMinutes(1), Duration.ofMinutes(5), Duration.ofMinutes(10));
        assertThat(set.evaluationInterval()).isEqualTo(Duration.ofSeconds(10));
        assertThat(set.baselineMinHistory()).isEqualTo(Duration.ofMinutes(30));

        Rule drift = set.rule("HighTokenDrift").orElseThrow();
        assertThat(drift.base().condition().text()).isEqualTo("tokens_per_request > baseline * 1.5 for 5min");
        assertThat(drift.base().condition().baselines()).containsExactly(BaselineKey.of(
                Metrics.resolve("tokens_per_request"), Duration.ofHours(1), Duration.ofMinutes(5)));
        assertThat(set.metricNeeds()).containsExactlyInAnyOrder(
                new MetricNeed(Metrics.resolve("tokens_per_request"), 300_000),
                new MetricNeed(Metrics.resolve("latency_p95"), 60_000),
                new MetricNeed(Metrics.resolve("error_rate"), 600_000));
        assertThat(set.baselineNeeds()).hasSize(1);
        // Only the 1 min window keeps a latency sketch (for latency_p95); the others merge none.
        assertThat(set.windowSketches()).isEqualTo(java.util.Map.of(Duration.ofMinutes(1), dev.agentwatch.window.SliceAggregate.LATENCY_SKETCH,
                Duration.ofMinutes(5), 0, Duration.ofMinutes(10), 0));
    }

    @Test
    void secondSeedBlockLoadsWithDerivedNamesAndRecordsSampling() {
        RuleSet set = RuleFiles.parse("seed-2.yaml", Rules.resource("seed-articles-2.yaml"));

        assertThat(set.rules()).extracting(Rule::name).containsExactly("token_usage_gt_5000",
                "decision_latency_p95_gt_2s", "tool_invocation_success_rate_lt_0_95");
        assertThat(set.rules()).allMatch(Rule::nameDerived);
        assertThat(set.rules()).extracting(r -> r.base().severity())
                .containsExactly(Severity.WARNING, Severity.CRITICAL, Severity.WARNING);
        assertThat(set.sampling()).isEqualTo(Map.of("high_risk_decisions", 1.0, "routine_queries", 0.1, "admin_actions", 1.0));
        assertThat(set.rules()).allMatch(r -> r.base().windowMs() == 60_000 && r.base().minSamples() == 20
                && r.base().noData() == NoDataPolicy.OK && r.base().holdMs() == 0);
        assertThat(set.metricNeeds()).extracting(n -> n.metric().name())
                .containsExactly("tokens_per_request", "latency_p95", "tool_invocation_success_rate");
        // the metrics: list as printed, resolved to canonical names in file order
        assertThat(set.displayMetrics()).containsExactly("tokens_per_request", "latency_p95",
                "metrics.hallucination_score", "tool_invocation_success_rate");
    }

    @Test
    void theMetricsListRefusesWhatIsNeitherAMetricNorASeedName() {
        String file = Rules.resource("seed-articles-2.yaml");
        assertThat(Rules.errors(file.replace("- token_usage_per_request", "- token_usage_per_requets")))
                .containsExactly("rules.yaml:3:7: metrics: unknown metric 'token_usage_per_requets'; did you mean "
                        + "'token_usage_per_request'? (custom metrics are written metrics.<name>)");
        assertThat(Rules.errors(file.replace("- hallucination_score", "- decision_latency_p95")))
                .containsExactly("rules.yaml:5:7: metrics: 'decision_latency_p95' is listed twice (as latency_p95)");
        assertThat(RuleFiles.parse("x.yaml", file.replace("- hallucination_score", "- metrics.groundedness"))
                .displayMetrics()).contains("metrics.groundedness");
        assertThat(Rules.errors("metrics: tokens_per_request\nrules:\n  - condition: error_rate > 5%\n"))
                .singleElement().asString().contains("metrics: expected a list of metric names");
    }

    @Test
    void derivedNamesAreStableAcrossReloadsAndEdits() {
        String file = Rules.resource("seed-articles-2.yaml");
        List<String> first = RuleFiles.parse("a.yaml", file).rules().stream().map(Rule::name).toList();
        String edited = file.replace("severity: warning\n    - condition: decision", "severity: critical\n    - condition: decision");
        List<String> second = RuleFiles.parse("b.yaml", edited).rules().stream().map(Rule::name).toList();
        assertThat(second).isEqualTo(first);
    }

    @Test
    void versionIsAHashOfTheText() {
        String text = Rules.resource("seed-articles-1.yaml");
        assertThat(RuleFiles.parse("x", text).version()).isEqualTo(RuleFiles.parse("y", text).version()).isPositive();
        assertThat(RuleFiles.parse("x", text + "\n# comment\n").version()).isNotEqualTo(RuleFiles.parse("x", text).version());
        assertThat(RuleFiles.parse("x", text).versionHex()).hasSize(16);
    }

    @Test
    void annotationsDefaultToASummary() {
        RuleVariant v = RuleFiles.parse("s", Rules.resource("seed-articles-1.yaml")).rules().get(2).base();
        RuleEvaluation e = new RuleEvaluation();
        v.evaluate(new FakeInputs().metric("error_rate", 0.052), e);
        Map<String, String> a = v.annotations(AgentIdentity.of("checkout", "payments", "gpt-4o", Map.of()), e);
        assertThat(a).containsEntry("summary",
                "ErrorSpikeDetected on checkout: value 5.2%, threshold 5% (error_rate > 5% for 10min)");
    }

    @Test
    void theSpecsAnomalyExampleLoadsFromAFile(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path file = dir.resolve("anomaly.yaml");
        java.nio.file.Files.writeString(file, """
                - alert: LatencyAnomaly
                  condition: abs(zscore(latency_avg, 30d)) > 3 for 30min
                  keep_firing_for: 12h
                """);
        RuleSet set = RuleFiles.load(file);
        Rule rule = set.rule("LatencyAnomaly").orElseThrow();
        assertThat(rule.location()).isEqualTo(file + ":1:3");
        assertThat(rule.base().keepFiringForMs()).isEqualTo(Duration.ofHours(12).toMillis());
        assertThat(rule.windowsMs()).containsExactly(Duration.ofMinutes(30).toMillis());
        assertThat(rule.baselineNeeds()).containsExactly(BaselineKey.of(Metrics.resolve("latency_avg"),
                Duration.ofDays(30), Duration.ofMinutes(30)));
        assertThat(rule.metricNeeds()).containsExactly(new MetricNeed(Metrics.resolve("latency_avg"), 1_800_000));
    }
}
