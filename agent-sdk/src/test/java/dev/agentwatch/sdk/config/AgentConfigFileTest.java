package dev.agentwatch.sdk.config;

import dev.agentwatch.config.ConfigException;
import dev.agentwatch.sdk.AgentwatchClient;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Seed 1's agent-side block and its errors; building opens no connection, so no broker is needed. */
public class AgentConfigFileTest {

    /** Seed 1's block as the article prints it. */
    public static final String SEED = """
            agent_config:
              name: "research-assistant"
              monitoring:
                enabled: true
                metrics: ["token_usage", "latency", "tool_calls", "errors"]
                log_level: "INFO"
                export_interval_seconds: 30
              claude_settings:
                model: "claude-3-sonnet-20240229"
                max_tokens: 4096
                temperature: 0.7
            """;

    @Test
    void theSeedBlockAsPrintedBuildsAClient() throws Exception {
        // Without an agentwatch: block it would send to the local gateway of `make run`; a test must not.
        int closed;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        String yaml = SEED + "agentwatch:\n  gateway:\n    url: http://127.0.0.1:" + closed + "\n";
        try (AgentwatchClient aw = AgentConfigFile.client("agent.yaml", yaml, Map.of())) {
            assertThat(aw.call().tokens(10, 2).record()).isTrue();
            assertThat(aw.stats().enqueued()).isEqualTo(1);
        }
    }

    @Test
    void disabledMonitoringRecordsNothing() {
        try (AgentwatchClient aw = AgentConfigFile.client("agent.yaml", SEED.replace("enabled: true", "enabled: false"), Map.of())) {
            assertThat(aw.call().tokens(10, 2).record()).isFalse();
            assertThat(aw.stats().recorded()).isZero();
        }
    }

    @Test
    void errorsNameTheFileLineAndField() {
        assertThatThrownBy(() -> AgentConfigFile.client("agent.yaml", SEED.replace("  name: \"research-assistant\"\n", ""), Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("agent.yaml").hasMessageContaining("name");
        assertThatThrownBy(() -> AgentConfigFile.client("agent.yaml", SEED.replace("export_interval_seconds: 30",
                "export_interval_seconds: 0"), Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("agent.yaml:7")
                .hasMessageContaining("export_interval_seconds");
        String typo = SEED + """
                agentwatch:
                  kafka:
                    bootstrap_server: 127.0.0.1:9092
                """;
        assertThatThrownBy(() -> AgentConfigFile.client("agent.yaml", typo, Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("agent.yaml:14")
                .hasMessageContaining("bootstrap_server");
        String noKey = SEED + """
                agentwatch:
                  gateway:
                    url: http://127.0.0.1:8088
                    api_key_env: MY_AGENTWATCH_KEY
                """;
        assertThatThrownBy(() -> AgentConfigFile.client("agent.yaml", noKey, Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("MY_AGENTWATCH_KEY");
    }
}
