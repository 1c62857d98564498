package dev.agentwatch.alerting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentwatch.rules.AgentIdentity;
import dev.agentwatch.rules.ConditionStatus;
import dev.agentwatch.rules.RuleEvaluation;
import dev.agentwatch.rules.RuleFiles;
import dev.agentwatch.rules.RuleVariant;
import dev.agentwatch.rules.Rules;
import dev.agentwatch.rules.SliceInputs;
import dev.agentwatch.schema.AlertEvent;
import dev.agentwatch.schema.AlertStatus;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FingerprintAndEventsTest {

    private static final long T0 = 1_704_067_200_000L;

    @Test
    void fingerprintsAreStableHexAndDependOnRuleAndAgentOnly() {
        String f = Fingerprint.of("ErrorSpikeDetected", "checkout");
        assertThat(f).matches("[0-9a-f]{16}");
        // golden value, computed independently (FNV-1a 64 of "agent_id\xffcheckout\xffalertname\xffErrorSpikeDetected\xff");
        // a change here changes the identity of every alert in flight
        assertThat(f).isEqualTo(Fingerprint.of("ErrorSpikeDetected", "checkout")).isEqualTo("abcaccfdd23e455d");
        assertThat(Fingerprint.of("ErrorSpikeDetected", "search")).isNotEqualTo(f);
        assertThat(Fingerprint.of("AgentTimeout", "checkout")).isNotEqualTo(f);
        // the separator keeps concatenations apart
        assertThat(Fingerprint.of("ab", "c")).isNotEqualTo(Fingerprint.of("a", "bc"));
    }

    @Test
    void firingAndResolvedEventsCarryTheSpecFields() {
        RuleVariant rule = RuleFiles.parse("seed-1.yaml", Rules.resource("seed-articles-1.yaml"))
                .rule("ErrorSpikeDetected").orElseThrow().base();
        AgentIdentity agent = AgentIdentity.of("checkout", "payments", "gpt-4o", Map.of("region", "eu"));
        RuleEvaluation e = new RuleEvaluation();
        rule.evaluate(new SliceInputs().outcomes(1_000, 80), e);
        AlertState s = new AlertState();
        Transition t = s.step(T0, e.status(), rule);
        assertThat(t).isEqualTo(Transition.FIRING);

        AlertEvent firing = AlertEvents.of(t, rule, agent, s, e, T0, 42L, List.of("e2", "e1"), List.of("t2", "t1"));
        assertThat(firing.getFingerprint()).isEqualTo(Fingerprint.of("ErrorSpikeDetected", "checkout"));
        assertThat(firing.getStatus()).isEqualTo(AlertStatus.FIRING);
        assertThat(firing.getAlert()).isEqualTo("ErrorSpikeDetected");
        assertThat(firing.getSeverity()).isEqualTo("CRITICAL");
        assertThat(firing.getAgentId()).isEqualTo("checkout");
        assertThat(firing.getFleet()).isEqualTo("payments");
        assertThat(firing.getCondition()).isEqualTo("error_rate > 5% for 10min");
        assertThat(firing.getValue()).isEqualTo(0.08);
        assertThat(firing.getThreshold()).isEqualTo(0.05);
        assertThat(firing.getBaseline()).isNull();
        assertThat(firing.getWindowMs()).isEqualTo(600_000);
        assertThat(firing.getSampleCount()).isEqualTo(1_000);
        assertThat(firing.getStartsAt()).isEqualTo(Instant.ofEpochMilli(T0));
        assertThat(firing.getEndsAt()).isNull();
        assertThat(firing.getRuleVersion()).isEqualTo(42L);
        assertThat(firing.getEvidence().getEventIds()).containsExactly("e2", "e1");
        assertThat(firing.getLabels()).containsEntry("alertname", "ErrorSpikeDetected").containsEntry("agent_id", "checkout");
        assertThat(firing.getAnnotations().get("summary")).contains("8%");

        rule.evaluate(new SliceInputs().outcomes(1_000, 10), e);
        Transition r = s.step(T0 + 60_000, e.status(), rule);
        assertThat(r).isEqualTo(Transition.RESOLVED);
        AlertEvent resolved = AlertEvents.of(r, rule, agent, s, e, T0 + 60_000, 42L, List.of(), List.of());
        assertThat(resolved.getStatus()).isEqualTo(AlertStatus.RESOLVED);
        assertThat(resolved.getFingerprint()).isEqualTo(firing.getFingerprint());
        assertThat(resolved.getStartsAt()).isEqualTo(Instant.ofEpochMilli(T0));
        assertThat(resolved.getEndsAt()).isEqualTo(Instant.ofEpochMilli(T0 + 60_000));

        assertThatThrownBy(() -> AlertEvents.of(Transition.NONE, rule, agent, s, e, T0, 1, List.of(), List.of()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(e.status()).isEqualTo(ConditionStatus.FALSE);
    }
}
