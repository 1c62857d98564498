package dev.agentwatch.sink.config;

import dev.agentwatch.config.ConfigException;
import dev.agentwatch.sink.delivery.DeliverySettings;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SinkConfigTest {

    /** The repository's default file, as `make run` uses it (tests run in the module directory). */
    private static final Path DEFAULT_FILE = Path.of("..", "config", "alert-sink.yaml");

    @Test
    void theDefaultFileRunsWithTheConsoleAloneWhenNoSecretIsSet() {
        SinkConfig c = SinkConfigLoader.load(DEFAULT_FILE, Map.of());
        ReceiverSpec r = c.receivers().get(0);
        assertThat(r.integrations()).containsExactly(new IntegrationSpec.Console(true));
        assertThat(r.disabled()).containsExactly("slack ($SLACK_WEBHOOK_URL not set)", "pagerduty ($PAGERDUTY_ROUTING_KEY not set)");
        assertThat(c.inhibitRules()).hasSize(1);
        assertThat(c.route().timings().groupWait()).isEqualTo(Duration.ofSeconds(10));
        assertThat(c.consumer().groupId()).isEqualTo("agentwatch-alert-sink");
    }

    @Test
    void theDefaultFileAddsSlackAndPagerDutyWhenTheirVariablesAreSet() {
        SinkConfig c = SinkConfigLoader.load(DEFAULT_FILE, Map.of(
                "SLACK_WEBHOOK_URL", "https://hooks.slack.com/services/T/B/cfgTestSecret",
                "PAGERDUTY_ROUTING_KEY", "cfgTestRoutingKey000000000000000"));
        ReceiverSpec r = c.receivers().get(0);
        assertThat(r.integrations()).hasSize(3);
        assertThat(r.disabled()).isEmpty();
        assertThat(r.integrations().get(1)).isInstanceOf(IntegrationSpec.Slack.class);
        assertThat(((IntegrationSpec.Slack) r.integrations().get(1)).settings().sendResolved()).isTrue();
        assertThat(((IntegrationSpec.PagerDuty) r.integrations().get(2)).settings().sendResolved()).isTrue();
        assertThat(r.toString()).doesNotContain("cfgTestSecret").doesNotContain("cfgTestRoutingKey");
    }

    @Test
    void secretsMayComeFromFiles() throws Exception {
        Path key = Files.createTempFile("pd", ".key");
        Files.writeString(key, "fileRoutingKey0000000000000000000\n");
        SinkConfig c = SinkConfigLoader.parse("f.yaml", """
                route: {receiver: r}
                receivers:
                  - name: r
                    pagerduty_configs:
                      - routing_key_file: %s
                """.formatted(key), Map.of());
        var pd = (IntegrationSpec.PagerDuty) c.receivers().get(0).integrations().get(0);
        assertThat(pd.settings().routingKey().reveal()).isEqualTo("fileRoutingKey0000000000000000000");
    }

    private static ConfigException error(String yaml, Map<String, String> env) {
        return (ConfigException) org.assertj.core.api.Assertions.catchThrowable(() -> SinkConfigLoader.parse("sink.yaml", yaml, env));
    }

    @Test
    void errorsSayFileLineAndColumn() {
        ConfigException e = error("""
                route:
                  receiver: nobody
                receivers:
                  - name: somebody
                """, Map.of());
        assertThat(e.getMessage()).isEqualTo("sink.yaml:2:13: route.receiver: unknown receiver 'nobody'; receivers: somebody");

        e = error("""
                route:
                  receiver: r
                  routes:
                    - matchers: ['severity=="critical"']
                receivers:
                  - name: r
                """, Map.of());
        assertThat(e.line()).isEqualTo(4);
        assertThat(e.column()).isEqualTo(18);
        assertThat(e.field()).isEqualTo("route.routes[0].matchers[0]");

        e = error("""
                route:
                  receiver: r
                  group_wait: soon
                receivers:
                  - name: r
                """, Map.of());
        assertThat(e.getMessage()).startsWith("sink.yaml:3:15: route.group_wait: expected a duration");

        e = error("""
                route: {receiver: r}
                receivers:
                  - name: r
                    slack_configs:
                      - webhook_url: https://hooks.slack.com/services/T/B/X
                """, Map.of());
        assertThat(e.getMessage()).startsWith("sink.yaml:5:22: receivers[0].slack_configs[0].webhook_url: unknown field 'webhook_url'");
    }

    @Test
    void aMissingSecretIsAnErrorUnlessOptionalAndABadUrlIsReportedWithoutIt() {
        String yaml = """
                route: {receiver: r}
                receivers:
                  - name: r
                    slack_configs:
                      - webhook_url_env: SLACK_WEBHOOK_URL
                """;
        assertThatThrownBy(() -> SinkConfigLoader.parse("s.yaml", yaml, Map.of()))
                .hasMessage("s.yaml:5:26: receivers[0].slack_configs[0].webhook_url_env: environment variable SLACK_WEBHOOK_URL"
                        + " is not set or empty (set it, or mark this integration optional: true)");
        assertThatThrownBy(() -> SinkConfigLoader.parse("s.yaml", yaml, Map.of("SLACK_WEBHOOK_URL", "not a url badSecretValue")))
                .hasMessageContaining("is not an http(s) URL").hasMessageNotContaining("badSecretValue");
    }

    @Test
    void rootRouteTakesNoMatchersAndReceiversAreUnique() {
        assertThatThrownBy(() -> SinkConfigLoader.parse("s.yaml", """
                route: {receiver: r, matchers: ['a=b']}
                receivers: [{name: r}]
                """, Map.of())).hasMessageContaining("the root route matches every alert");
        assertThatThrownBy(() -> SinkConfigLoader.parse("s.yaml", """
                route: {receiver: r}
                receivers: [{name: r}, {name: r}]
                """, Map.of())).hasMessageContaining("duplicate receiver name 'r'");
    }

    @Test
    void aBadOrTooCostlyRegexInARouteOrInhibitRuleNamesFileLineAndField() {
        ConfigException e = error("""
                route:
                  receiver: r
                  routes:
                    - matchers: ['agent_id=~"(a"']
                receivers:
                  - name: r
                """, Map.of());
        assertThat(e.getMessage()).startsWith("sink.yaml:4:18: route.routes[0].matchers[0]: bad regular expression '(a': ");

        e = error("""
                route: {receiver: r}
                receivers: [{name: r}]
                inhibit_rules:
                  - source_matchers: ['severity="critical"']
                    target_matchers: ['agent_id=~"((a{1000}){1000}){1000}"']
                """, Map.of());
        assertThat(e.getMessage()).isEqualTo("sink.yaml:5:23: inhibit_rules[0].target_matchers[0]: bad regular expression"
                + " '((a{1000}){1000}){1000}': regular expression repeats too much: nested counts multiply to more than 1000");
    }

    @Test
    void newDeliveryAndHttpFieldsHaveDefaultsAndBounds() {
        SinkConfig c = SinkConfigLoader.parse("s.yaml", "route: {receiver: r}\nreceivers: [{name: r}]\n", Map.of());
        assertThat(c.delivery().maxQueued()).isEqualTo(10_000);
        assertThat(c.http()).isEqualTo(new HttpSettings("127.0.0.1", 8090));

        c = SinkConfigLoader.parse("s.yaml", """
                route: {receiver: r}
                receivers: [{name: r}]
                delivery: {max_queued: 50}
                http: {bind_address: 0.0.0.0, port: 9000}
                """, Map.of());
        assertThat(c.delivery().maxQueued()).isEqualTo(50);
        assertThat(c.http()).isEqualTo(new HttpSettings("0.0.0.0", 9000));
        c = SinkConfigLoader.parse("s.yaml", "route: {receiver: r}\nreceivers: [{name: r}]\nhttp: {port: 9000}\n",
                Map.of(HttpSettings.PORT_ENV, "9191"));
        assertThat(c.http().port()).as("the environment wins").isEqualTo(9191);

        assertThat(error("route: {receiver: r}\nreceivers: [{name: r}]\ndelivery: {max_queued: 0}\n", Map.of()).getMessage())
                .isEqualTo("s.yaml:3:24: delivery.max_queued: must be at least 1".replace("s.yaml", "sink.yaml"));
        assertThat(error("route: {receiver: r}\nreceivers: [{name: r}]\n", Map.of(HttpSettings.PORT_ENV, "http")).getMessage())
                .contains("AGENTWATCH_SINK_PORT: must be a port between 0 (any free port) and 65535, got 'http'");
        // The old bound on pending records is still read (the shipped file has it), and no longer pauses anything.
        assertThat(SinkConfigLoader.parse("s.yaml", "route: {receiver: r}\nreceivers: [{name: r}]\nconsumer: {max_pending: 5}\n",
                Map.of()).delivery().maxQueued()).isEqualTo(10_000);
        // So is the old bound on dead-letter retries (the shipped file has it); nothing is given up by time any more.
        assertThat(SinkConfigLoader.parse("s.yaml", "route: {receiver: r}\nreceivers: [{name: r}]\ndelivery: {dead_letter_give_up_after: 1h}\n",
                Map.of()).delivery()).isEqualTo(DeliverySettings.DEFAULTS);
    }
}
