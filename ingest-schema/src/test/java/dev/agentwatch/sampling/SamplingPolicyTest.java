package dev.agentwatch.sampling;

import dev.agentwatch.config.ConfigException;
import dev.agentwatch.schema.MetricEvent;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class SamplingPolicyTest {

    private static final String SEED_BLOCK = """
            agent_monitoring:
              metrics:
                - token_usage_per_request
              alerting:
                - condition: token_usage > 5000
                  severity: warning
              sampling:
                high_risk_decisions: 100%
                routine_queries: 10%
                admin_actions: 100%
            """;

    @Test
    void theSeedBlockNamesItsClassesInThePluralAndEventsInTheSingular() {
        SamplingPolicy p = SamplingPolicies.fromRuleFile("seed.yaml", SEED_BLOCK);
        assertThat(p.fractionFor("routine_query")).isEqualTo(0.1);
        assertThat(p.fractionFor("routine_queries")).isEqualTo(0.1);
        assertThat(p.fractionFor("ROUTINE_QUERY")).isEqualTo(0.1);
        assertThat(p.fractionFor("high_risk_decision")).isEqualTo(1.0);
        assertThat(p.fractionFor("admin_action")).isEqualTo(1.0);
        assertThat(p.fractionFor("something_else")).isEqualTo(1.0);
        assertThat(p.fractionFor(null)).isEqualTo(1.0);
    }

    @Test
    void aTopLevelBlockAndNoBlockAtAll() {
        assertThat(SamplingPolicies.fromRuleFile("r.yaml", "sampling:\n  routine_query: 0.25\nrules: []\n")
                .fractions()).isEqualTo(Map.of("routine_query", 0.25));
        assertThat(SamplingPolicies.fromRuleFile("r.yaml", "- alert: A\n  condition: error_rate > 5%\n"))
                .isSameAs(SamplingPolicy.NONE);
    }

    @Test
    void aBadFractionNamesFileLineAndField() {
        assertThatThrownBy(() -> SamplingPolicies.fromRuleFile("r.yaml", "sampling:\n  routine_query: lots\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("r.yaml:2")
                .hasMessageContaining("sampling.routine_query");
        assertThatThrownBy(() -> SamplingPolicy.of(Map.of("routine_query", 0.1, "routine_queries", 0.2)))
                .hasMessageContaining("a second time");
    }

    @Test
    void theSamplerKeepsTheFractionAndWeightsWhatItKeeps() {
        Sampler sampler = new Sampler(() -> SamplingPolicy.of(Map.of("routine_queries", 0.1)));
        int kept = 0;
        int n = 200_000;
        for (int i = 0; i < n; i++) {
            MetricEvent e = event("evt-" + i, "routine_query");
            if (sampler.sample(e)) {
                kept++;
                assertThat(e.getSampleRate()).isEqualTo(0.1);
            }
        }
        // binomial(200000, 0.1): sd 134; 5 sd either side
        assertThat(kept).isBetween(20_000 - 670, 20_000 + 670);
        MetricEvent other = event("x", "high_risk_decision");
        assertThat(sampler.sample(other)).isTrue();
        assertThat(other.getSampleRate()).isEqualTo(1.0);
    }

    @Test
    void theDecisionFollowsTheEventIdSoAResendIsDecidedAlike() {
        Sampler sampler = new Sampler(() -> SamplingPolicy.of(Map.of("routine_query", 0.5)));
        for (int i = 0; i < 1_000; i++) {
            boolean first = sampler.sample(event("id-" + i, "routine_query"));
            assertThat(sampler.sample(event("id-" + i, "routine_query"))).isEqualTo(first);
        }
    }

    @Test
    void anAlreadySampledEventIsWeightedByBothRates() {
        Sampler sampler = new Sampler(() -> SamplingPolicy.of(Map.of("routine_query", 0.5)));
        int kept = 0;
        for (int i = 0; i < 10_000; i++) {
            MetricEvent e = event("k" + i, "routine_query");
            e.setSampleRate(0.5);
            if (sampler.sample(e)) {
                kept++;
                assertThat(e.getSampleRate()).isCloseTo(0.25, within(1e-12));
            }
        }
        assertThat(kept).isBetween(4_700, 5_300);
    }

    @Test
    void zeroSendsNothingOfThatClass() {
        Sampler sampler = new Sampler(() -> SamplingPolicy.of(Map.of("admin_action", 0.0)));
        assertThat(sampler.sample(event("a", "admin_actions"))).isFalse();
    }

    private static MetricEvent event(String id, String requestType) {
        return MetricEvent.newBuilder().setEventId(id).setAgentId("a1").setTimestamp(Instant.ofEpochMilli(1))
                .setSuccess(true).setRequestType(requestType).build();
    }
}
