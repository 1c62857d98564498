package dev.agentwatch.schema.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;
import org.junit.jupiter.api.Test;

class SchemaRegistryClientConfigTest {

    @Test
    void defaults() {
        var config = SchemaRegistryClientConfig.of("http://127.0.0.1:8081/apis/ccompat/v7/");
        assertThat(config.baseUrls()).containsExactly(URI.create("http://127.0.0.1:8081/apis/ccompat/v7"));
        assertThat(config.basicAuthUserInfo()).isEmpty();
        assertThat(config.connectTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(config.readTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(config.latestCacheTtl()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void readsConfluentKeys() {
        var config = SchemaRegistryClientConfig.fromConfigs(Map.of(
                "schema.registry.url", "http://a:1/x, http://b:2/y",
                "basic.auth.credentials.source", "USER_INFO",
                "basic.auth.user.info", new Password("bob:s3cret"),
                "http.connect.timeout.ms", "250",
                "http.read.timeout.ms", 750,
                "latest.cache.ttl.sec", "-1"));
        assertThat(config.baseUrls()).containsExactly(URI.create("http://a:1/x"), URI.create("http://b:2/y"));
        assertThat(config.basicAuthUserInfo()).contains("bob:s3cret");
        assertThat(config.connectTimeout()).isEqualTo(Duration.ofMillis(250));
        assertThat(config.readTimeout()).isEqualTo(Duration.ofMillis(750));
        assertThat(config.latestCacheTtl()).isNegative();
        assertThat(config.toString()).doesNotContain("s3cret");
    }

    @Test
    void credentialsInTheUrlAreUsedButNeverKept() {
        var config = SchemaRegistryClientConfig.fromConfigs(
                Map.of("schema.registry.url", List.of("https://alice:pw%40x@reg.example:8443/apis/ccompat/v7")));
        assertThat(config.baseUrls()).containsExactly(URI.create("https://reg.example:8443/apis/ccompat/v7"));
        assertThat(config.basicAuthUserInfo()).contains("alice:pw@x");
        assertThat(config.toString()).doesNotContain("alice").doesNotContain("pw");
    }

    @Test
    void refusesBadConfigsClearly() {
        assertThatThrownBy(() -> SchemaRegistryClientConfig.fromConfigs(Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("schema.registry.url is required");
        assertThatThrownBy(() -> SchemaRegistryClientConfig.of("ftp://host/x"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("http(s)");
        assertThatThrownBy(() -> SchemaRegistryClientConfig.of("http://user:topsecret@host/x y"))
                .isInstanceOf(ConfigException.class).hasMessageNotContaining("topsecret");
        assertThatThrownBy(() -> SchemaRegistryClientConfig.fromConfigs(Map.of(
                "schema.registry.url", "http://h/x", "basic.auth.credentials.source", "USER_INFO")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("basic.auth.user.info");
        assertThatThrownBy(() -> SchemaRegistryClientConfig.fromConfigs(Map.of(
                "schema.registry.url", "http://h/x", "basic.auth.credentials.source", "SASL_INHERIT")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("URL and USER_INFO");
        assertThatThrownBy(() -> SchemaRegistryClientConfig.fromConfigs(Map.of(
                "schema.registry.url", "http://h/x", "http.read.timeout.ms", "soon")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("http.read.timeout.ms");
        assertThatThrownBy(() -> SchemaRegistryClientConfig.fromConfigs(Map.of(
                "schema.registry.url", "http://h/x", "http.connect.timeout.ms", 0)))
                .isInstanceOf(ConfigException.class).hasMessageContaining("positive");
    }
}
