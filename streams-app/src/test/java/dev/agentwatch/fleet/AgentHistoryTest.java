package dev.agentwatch.fleet;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class AgentHistoryTest {

    private static AgentSnapshot at(long asOf, double p95) {
        return new AgentSnapshot("a", null, null, null, Map.of(), asOf, 60_000, asOf, 1, 1, 0, p95, p95, p95, p95, 100,
                90, 5, 0.1, Map.of(), List.of(), List.of());
    }

    @Test
    void keepsTheLastPublishOfEachMinuteForOneHour() {
        AgentHistory h = new AgentHistory();
        for (int m = 0; m < 90; m++) {
            h.record(at(m * 60_000L + 10_000, m));
            h.record(at(m * 60_000L + 50_000, m + 0.5)); // the later publish of the minute wins
        }
        List<AgentHistory.Point> last = h.lastHour(89 * 60_000L + 50_000);
        assertThat(last).hasSize(AgentHistory.POINTS);
        assertThat(last.get(0).latencyP95()).isEqualTo(30.5);
        assertThat(last.get(59).latencyP95()).isEqualTo(89.5);
        assertThat(last.get(59).atMs()).isEqualTo(89 * 60_000L + 50_000);
        assertThat(last.get(59).tokensPerRequestBaseline()).isEqualTo(90.0);
    }
}
