package dev.agentwatch.streams;

import dev.agentwatch.config.AgentwatchConfig;
import dev.agentwatch.config.ConfigException;
import dev.agentwatch.config.YamlFiles;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The HTTP addresses of config/agentwatch.yaml: the bind address and the address other instances reach this one at. */
class StreamsSettingsTest {

    private static StreamsSettings load(String from, String to, Map<String, String> env) throws Exception {
        String yaml = Files.readString(Path.of("..", "config", "agentwatch.yaml"));
        assertThat(yaml).contains(from);
        return StreamsSettings.from(AgentwatchConfig.of(YamlFiles.parse("agentwatch.yaml", yaml.replace(from, to)), env));
    }

    @Test
    void loopbackByDefaultAndAdvertisedAsTheBindAddress() throws Exception {
        StreamsSettings s = load("http_port: 8080", "http_port: 8080", Map.of());
        assertThat(s.bindAddress()).isEqualTo("127.0.0.1");
        assertThat(s.advertisedHost()).isEqualTo("127.0.0.1");
        assertThat(StreamsAppMain.streamsProperties(s).get("application.server")).isEqualTo("127.0.0.1:8080");
    }

    @Test
    void everyInterfaceNeedsAnAdvertisedHostAndTheErrorNamesFileLineAndField() {
        assertThatThrownBy(() -> load("bind_address: 127.0.0.1", "bind_address: 0.0.0.0", Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("agentwatch.yaml")
                .hasMessageContaining("bind_address")
                .hasMessageContaining("advertised_host")
                .hasMessageMatching("(?s).*:\\d+.*");
    }

    @Test
    void theEnvironmentSetsBothAddresses() throws Exception {
        StreamsSettings s = load("http_port: 8080", "http_port: 8080",
                Map.of("AGENTWATCH_STREAMS_BIND", "0.0.0.0", "AGENTWATCH_STREAMS_ADVERTISED_HOST", "streams-2.internal"));
        assertThat(s.bindAddress()).isEqualTo("0.0.0.0");
        assertThat(StreamsAppMain.streamsProperties(s).get("application.server")).isEqualTo("streams-2.internal:8080");
    }
}
