package dev.agentwatch.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** defaults, match globs, overrides (first match wins), labels and annotation templates. */
class OverridesAndMatchingTest {

    private static final String FILE = """
            evaluation_interval: 30s
            baseline_min_history: 1h
            defaults:
              severity: warning
              min_samples: 50
              hold: 2min
              labels: {team: agents, env: prod}
              annotations:
                runbook_url: https://runbooks.example/{{rule}}
            rules:
              - alert: ErrorSpike
                condition: error_rate > 5% for 10min
                match: {fleet: 'support-*', labels.region: ['eu-*', '!eu-test-*']}
                labels: {env: staging}
                annotations:
                  summary: "{{agent}} errors at {{ $value }} (threshold {{threshold}}, baseline {{baseline}})"
                overrides:
                  - match: {agent_id: checkout-*}
                    threshold: 8%
                    severity: critical
                    labels: {owner: payments}
                  - match: {agent_id: 'checkout-*', model: gpt-4o}
                    severity: info
                  - match: {agent_id: 'batch-?'}
                    condition: error_rate > 20% for 1h
                    hold: 0s
                    no_data: keep_last
              - alert: Everyone
                condition: request_count < 1 for 5min
                min_samples: 0
                no_data: alerting
            """;

    private static final RuleSet SET = Rules.parse(FILE);

    private static AgentIdentity agent(String id, String fleet, String model, String region) {
        return AgentIdentity.of(id, fleet, model, region == null ? Map.of() : Map.of("region", region));
    }

    @Test
    void topLevelSettingsAndDefaults() {
        assertThat(SET.evaluationInterval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(SET.baselineMinHistory()).isEqualTo(Duration.ofHours(1));
        RuleVariant base = SET.rule("ErrorSpike").orElseThrow().base();
        assertThat(base.severity()).isEqualTo(Severity.WARNING);
        assertThat(base.minSamples()).isEqualTo(50);
        assertThat(base.holdMs()).isEqualTo(120_000);
        assertThat(base.baselineMinHistory()).isEqualTo(Duration.ofHours(1));
        assertThat(base.labels()).isEqualTo(Map.of("team", "agents", "env", "staging"));
        RuleVariant everyone = SET.rule("Everyone").orElseThrow().base();
        assertThat(everyone.minSamples()).isZero();
        assertThat(everyone.noData()).isEqualTo(NoDataPolicy.ALERTING);
        assertThat(everyone.labels()).isEqualTo(Map.of("team", "agents", "env", "prod"));
    }

    @Test
    void matchGlobsSelectAgentsIncludingNegationAndLists() {
        Rule rule = SET.rule("ErrorSpike").orElseThrow();
        assertThat(rule.forAgent(agent("a1", "support-eu", "m", "eu-west-1"))).isSameAs(rule.base());
        assertThat(rule.forAgent(agent("a1", "support-eu", "m", "eu-test-1"))).isNull();
        assertThat(rule.forAgent(agent("a1", "support-eu", "m", "us-east-1"))).isNull();
        assertThat(rule.forAgent(agent("a1", "sales", "m", "eu-west-1"))).isNull();
        assertThat(rule.forAgent(agent("a1", null, "m", "eu-west-1"))).isNull();
        assertThat(rule.forAgent(agent("a1", "support-eu", "m", null))).isNull();
        // a rule without match applies to every agent
        assertThat(SET.rule("Everyone").orElseThrow().forAgent(agent("x", null, null, null))).isNotNull();
        assertThat(SET.forAgent(agent("x", null, null, null))).extracting(RuleVariant::ruleName).containsExactly("Everyone");
    }

    @Test
    void aThresholdOverrideAppliesToItsAgentsOnly() {
        Rule rule = SET.rule("ErrorSpike").orElseThrow();
        RuleVariant checkout = rule.forAgent(agent("checkout-1", "support-eu", "claude", "eu-west-1"));
        RuleVariant other = rule.forAgent(agent("triage-1", "support-eu", "claude", "eu-west-1"));
        assertThat(checkout.overrideIndex()).isZero();
        assertThat(other).isSameAs(rule.base());
        assertThat(checkout.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(checkout.condition().text()).isEqualTo("error_rate > 8% for 10min");
        assertThat(checkout.windowMs()).isEqualTo(600_000);
        assertThat(checkout.holdMs()).isEqualTo(120_000); // kept from the rule
        assertThat(checkout.labels()).isEqualTo(Map.of("team", "agents", "env", "staging", "owner", "payments"));

        FakeInputs sixPercent = new FakeInputs().metric("error_rate", 0.06);
        RuleEvaluation e = new RuleEvaluation();
        checkout.evaluate(sixPercent, e);
        assertThat(e.status()).isEqualTo(ConditionStatus.FALSE);
        assertThat(e.threshold()).isEqualTo(0.08);
        other.evaluate(sixPercent, e);
        assertThat(e.status()).isEqualTo(ConditionStatus.TRUE);
        assertThat(e.threshold()).isEqualTo(0.05);
    }

    @Test
    void theFirstMatchingOverrideWins() {
        Rule rule = SET.rule("ErrorSpike").orElseThrow();
        // also matches the second override (model gpt-4o), but the first comes first
        assertThat(rule.forAgent(agent("checkout-2", "support-us", "gpt-4o", "eu-north-1")).severity())
                .isEqualTo(Severity.CRITICAL);
    }

    @Test
    void aConditionOverrideHasItsOwnWindowAndTheRuleSetKeepsIt() {
        RuleVariant batch = SET.rule("ErrorSpike").orElseThrow().forAgent(agent("batch-7", "support-x", "m", "eu-1"));
        assertThat(batch.overrideIndex()).isEqualTo(2);
        assertThat(batch.windowMs()).isEqualTo(3_600_000);
        assertThat(batch.holdMs()).isZero();
        assertThat(batch.noData()).isEqualTo(NoDataPolicy.KEEP_LAST);
        assertThat(SET.windows()).containsExactly(Duration.ofMinutes(5), Duration.ofMinutes(10), Duration.ofHours(1));
        assertThat(SET.rule("ErrorSpike").orElseThrow().forAgent(agent("batch-77", "support-x", "m", "eu-1")).overrideIndex())
                .isEqualTo(-1);
    }

    @Test
    void annotationsAreRenderedWithValuesInTheMetricsUnit() {
        RuleVariant v = SET.rule("ErrorSpike").orElseThrow().base();
        RuleEvaluation e = new RuleEvaluation();
        v.evaluate(new FakeInputs().metric("error_rate", 0.0725), e);
        Map<String, String> a = v.annotations(agent("triage-1", "support-eu", "m", "eu-west-1"), e);
        assertThat(a).containsExactly(
                Map.entry("runbook_url", "https://runbooks.example/ErrorSpike"),
                Map.entry("summary", "triage-1 errors at 7.25% (threshold 5%, baseline n/a)"));
        assertThat(v.annotationTemplates()).containsEntry("runbook_url", "https://runbooks.example/{{rule}}");
    }

    @Test
    void valueFormatsFollowTheDimension() {
        assertThat(ValueFormat.format(30_500, Dimension.DURATION)).isEqualTo("30.5s");
        assertThat(ValueFormat.format(850, Dimension.DURATION)).isEqualTo("850ms");
        assertThat(ValueFormat.format(300_000, Dimension.DURATION)).isEqualTo("5min");
        assertThat(ValueFormat.format(0.5, Dimension.MONEY)).isEqualTo("$0.5000");
        assertThat(ValueFormat.format(12.345, Dimension.MONEY)).isEqualTo("$12.35");
        assertThat(ValueFormat.format(1_550, Dimension.TOKENS)).isEqualTo("1550");
        assertThat(ValueFormat.format(3.14159, Dimension.ANY)).isEqualTo("3.142");
        assertThat(ValueFormat.format(Double.NaN, Dimension.ANY)).isEqualTo("n/a");
    }

    @Test
    void globs() {
        assertThat(Glob.matches("checkout-*", "checkout-eu-1")).isTrue();
        assertThat(Glob.matches("*", "")).isTrue();
        assertThat(Glob.matches("a?c", "abc")).isTrue();
        assertThat(Glob.matches("a?c", "ac")).isFalse();
        assertThat(Glob.matches("*-eu-*", "checkout-eu-1")).isTrue();
        assertThat(Glob.matches("*x*y", "axxbxy")).isTrue();
        assertThat(Glob.matches("checkout", "checkout-1")).isFalse();
        assertThat(Glob.matches("Checkout*", "checkout")).isFalse();
    }
}
