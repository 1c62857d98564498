package dev.agentwatch.cli.demo;

import dev.agentwatch.schema.MetricEvent;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The demo must show one incident and nothing else: healthy agents stay clear of the seed rules' thresholds. */
class DemoFleetTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void onlyTheIncidentAgentCrossesTheSeedThresholds() {
        DemoFleet fleet = new DemoFleet(12, 7, T0.plusSeconds(600), Duration.ofMinutes(3));
        Map<String, List<Double>> latency = new HashMap<>();
        Map<String, int[]> errors = new HashMap<>();
        // 10 minutes at 40 events/s, before the incident
        for (int i = 0; i < 24_000; i++) {
            MetricEvent e = fleet.next(T0.plusMillis(i * 25L));
            latency.computeIfAbsent(e.getAgentId(), a -> new ArrayList<>()).add(e.getLatencyMs());
            int[] n = errors.computeIfAbsent(e.getAgentId(), a -> new int[2]);
            n[0]++;
            n[1] += e.getSuccess() ? 0 : 1;
        }
        assertThat(latency).hasSize(12);
        latency.forEach((agent, values) -> assertThat(p95(values)).as(agent).isLessThan(20_000.0));
        errors.forEach((agent, n) -> assertThat((double) n[1] / n[0]).as(agent).isLessThan(0.02));

        List<Double> incident = new ArrayList<>();
        for (int i = 0; i < 2_400; i++) {
            MetricEvent e = fleet.next(T0.plusSeconds(660).plusMillis(i * 25L));
            if (e.getAgentId().equals(fleet.incidentAgent().id())) {
                incident.add(e.getLatencyMs());
            }
        }
        assertThat(incident).isNotEmpty().allMatch(ms -> ms > 30_000.0);
        assertThat(fleet.inIncident(T0.plusSeconds(600 + 180))).isFalse();
    }

    private static double p95(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(null);
        return sorted.get((int) Math.ceil(0.95 * sorted.size()) - 1);
    }
}
