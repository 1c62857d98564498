package dev.agentwatch.sink.routing;

import dev.agentwatch.sink.config.SinkConfigLoader;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Alertmanager's route matching: first matching child wins unless it continues; the parent when none does. */
class RouteTest {

    private static final String YAML = """
            route:
              receiver: default
              group_by: [alertname]
              group_wait: 10s
              routes:
                - receiver: pager
                  matchers: ['severity="critical"']
                  continue: true
                  group_wait: 0s
                - receiver: team-a
                  matchers: ['team="a"']
                  group_by: [alertname, agent_id]
                  routes:
                    - receiver: team-a-db
                      matchers: ['component=~"db|cache"']
                - receiver: team-a-late
                  matchers: ['team="a"']
            receivers:
              - name: default
              - name: pager
              - name: team-a
              - name: team-a-db
              - name: team-a-late
            """;

    private final Route root = SinkConfigLoader.parse("routes.yaml", YAML, Map.of()).route();

    private List<String> receivers(Map<String, String> labels) {
        return root.match(labels).stream().map(Route::receiver).toList();
    }

    @Test
    void unmatchedAlertsStayAtTheRoot() {
        assertThat(receivers(Map.of("severity", "warning"))).containsExactly("default");
    }

    @Test
    void firstMatchingChildWinsAndDeeperRoutesAreTried() {
        assertThat(receivers(Map.of("team", "a"))).containsExactly("team-a");
        assertThat(receivers(Map.of("team", "a", "component", "db"))).containsExactly("team-a-db");
    }

    @Test
    void continueGoesOnToTheNextSibling() {
        assertThat(receivers(Map.of("severity", "critical", "team", "a"))).containsExactly("pager", "team-a");
        assertThat(receivers(Map.of("severity", "critical"))).containsExactly("pager");
    }

    @Test
    void childrenInheritWhatTheyDoNotSet() {
        Route pager = root.match(Map.of("severity", "critical")).get(0);
        assertThat(pager.groupBy()).containsExactly("alertname");
        assertThat(pager.timings().groupWait()).isZero();
        assertThat(pager.timings().groupInterval()).isEqualTo(Duration.ofMinutes(5));
        Route db = root.match(Map.of("team", "a", "component", "cache")).get(0);
        assertThat(db.groupBy()).containsExactlyInAnyOrder("alertname", "agent_id");
        assertThat(db.timings().groupWait()).isEqualTo(Duration.ofSeconds(10));
        assertThat(db.id()).isEqualTo("0.1.0");
    }
}
