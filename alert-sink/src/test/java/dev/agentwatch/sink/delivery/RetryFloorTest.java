package dev.agentwatch.sink.delivery;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import dev.agentwatch.sink.testing.Alerts;
import dev.agentwatch.sink.testing.EngineHarness;
import dev.agentwatch.sink.testing.StubServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static dev.agentwatch.sink.testing.EngineHarness.T0;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every retry waits at least {@link RetryPolicy#FLOOR}, whatever the receiver answers: a webhook (no rate limit, so
 * nothing else spaces the requests) over real HTTP, in fake time.
 */
class RetryFloorTest {

    private static final String INTEGRATION = "hook/webhook[0]";

    @RegisterExtension
    final StubServer wm = new StubServer();

    private EngineHarness harness(String delivery) {
        String yaml = """
                route:
                  receiver: hook
                  group_wait: 0s
                receivers:
                  - name: hook
                    webhook_configs:
                      - url_env: HOOK_URL
                delivery:
                %s
                """.formatted(delivery.indent(2));
        return new EngineHarness(yaml, Map.of("HOOK_URL", wm.baseUrl() + "/hook"));
    }

    private static List<Duration> gaps(List<Instant> at) {
        List<Duration> out = new ArrayList<>();
        for (int i = 1; i < at.size(); i++) {
            out.add(Duration.between(at.get(i - 1), at.get(i)));
        }
        return out;
    }

    private void answer429s(int n, String retryAfter) {
        ResponseDefinitionBuilder[] answers = new ResponseDefinitionBuilder[n + 1];
        for (int i = 0; i < n; i++) {
            answers[i] = aResponse().withStatus(429).withHeader("Retry-After", retryAfter);
        }
        answers[n] = aResponse().withStatus(200);
        wm.answerInTurn("/hook", answers);
    }

    @Test
    void retryAfterZeroIsNotAHotLoop() {
        answer429s(3, "0");
        EngineHarness h = harness("initial_backoff: 1s");
        h.accept(Alerts.firing("fp-1", "AgentTimeout", "agent-1", "CRITICAL", T0));
        h.runFor(Duration.ofMinutes(1));

        assertThat(h.listener.attemptTimes(INTEGRATION)).containsExactly(T0, T0.plusSeconds(1), T0.plusSeconds(2), T0.plusSeconds(3));
        assertThat(h.listener.delivered()).hasSize(1);
    }

    @Test
    void aRetryAfterDateInThePastWaitsTheFloor() {
        String past = DateTimeFormatter.RFC_1123_DATE_TIME.format(T0.minus(Duration.ofHours(1)).atOffset(ZoneOffset.UTC));
        answer429s(2, past);
        EngineHarness h = harness("initial_backoff: 1s");
        h.accept(Alerts.firing("fp-1", "AgentTimeout", "agent-1", "CRITICAL", T0));
        h.runFor(Duration.ofMinutes(1));

        assertThat(gaps(h.listener.attemptTimes(INTEGRATION))).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(1));
    }

    @Test
    void aTinyBackoffIsRaisedToTheFloorAndALongerOneKeepsItsJitter() {
        wm.answerInTurn("/hook", aResponse().withStatus(503), aResponse().withStatus(503), aResponse().withStatus(503),
                aResponse().withStatus(503), aResponse().withStatus(503), aResponse().withStatus(200));
        EngineHarness h = harness("initial_backoff: 10ms\nmax_backoff: 8s");
        h.accept(Alerts.firing("fp-1", "AgentTimeout", "agent-1", "CRITICAL", T0));
        h.runFor(Duration.ofMinutes(1));

        List<Duration> gaps = gaps(h.listener.attemptTimes(INTEGRATION));
        assertThat(gaps).hasSize(5).allMatch(g -> g.compareTo(RetryPolicy.FLOOR) >= 0);
        assertThat(h.listener.delivered()).hasSize(1);
    }

    @Test
    void retryAfterAboveTheFloorIsHonouredAndCappedAtMaxRetryAfter() {
        answer429s(1, "5");
        EngineHarness h = harness("max_retry_after: 1h");
        h.accept(Alerts.firing("fp-1", "AgentTimeout", "agent-1", "CRITICAL", T0));
        h.runFor(Duration.ofMinutes(1));
        assertThat(gaps(h.listener.attemptTimes(INTEGRATION))).containsExactly(Duration.ofSeconds(5));

        wm.resetAll();
        answer429s(1, Long.toString(Duration.ofHours(5).toSeconds()));
        EngineHarness capped = harness("max_retry_after: 1h");
        capped.accept(Alerts.firing("fp-2", "AgentTimeout", "agent-2", "CRITICAL", T0));
        capped.runFor(Duration.ofHours(2));
        assertThat(gaps(capped.listener.attemptTimes(INTEGRATION))).containsExactly(Duration.ofHours(1));
    }

    @Test
    void thePolicyFloorsEveryWaitKeepsJitterAboveItAndCapsRetryAfter() {
        DeliverySettings d = new DeliverySettings(Duration.ofMillis(10), Duration.ofMinutes(5), Duration.ofMinutes(30),
                Duration.ofHours(24), Duration.ofSeconds(10), 100);
        RetryPolicy p = new RetryPolicy(new Backoff(d.initialBackoff(), d.maxBackoff(), new SplittableRandom(3)), d);
        assertThat(p.wait(1, null)).isEqualTo(RetryPolicy.FLOOR);
        assertThat(p.wait(1, Duration.ZERO)).isEqualTo(RetryPolicy.FLOOR);
        assertThat(p.wait(1, Duration.ofMillis(300))).isEqualTo(RetryPolicy.FLOOR);
        assertThat(p.wait(1, Duration.ofMinutes(2))).isEqualTo(Duration.ofMinutes(2));
        assertThat(p.wait(1, Duration.ofHours(3))).isEqualTo(Duration.ofMinutes(30));
        // Attempt 12: ceiling min(5 min, 10 ms * 2^11 = 20.48 s); jitter in the upper half, all above the floor.
        List<Duration> waits = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            waits.add(p.wait(12, null));
        }
        assertThat(waits).allMatch(w -> w.toMillis() >= 10_240 && w.toMillis() <= 20_480);
        assertThat(waits.stream().distinct().count()).as("jittered").isGreaterThan(10);
    }
}
