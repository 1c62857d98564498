package dev.agentwatch.sdk.config;

import dev.agentwatch.config.YamlFiles;
import dev.agentwatch.sdk.AgentwatchClient;

import dev.agentwatch.config.ConfigNode;
import dev.agentwatch.sdk.transport.GatewayTransport;
import dev.agentwatch.sdk.transport.KafkaTransport;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A client from YAML. Seed 1's agent-side block is read as printed:
 * <pre>
 * agent_config:
 *   name: research-agent-01          # agent_id
 *   monitoring:
 *     enabled: true                  # false: record() does nothing, nothing is opened
 *     metrics: [...]                 # what the agent means to report; the SDK sends every field it is given
 *     log_level: INFO                # the agent's own logging
 *     export_interval_seconds: 30    # batches at most this far apart
 *   claude_settings:
 *     model: claude-3-sonnet         # the default model
 * </pre>
 * An optional {@code agentwatch:} block beside it says where events go, checked strictly (a typo is an error):
 * {@code fleet}, {@code agent_version}, {@code labels}, {@code queue_capacity}, {@code max_batch}, and one of
 * {@code gateway: {url, api_key_env}} or {@code kafka: {bootstrap_servers, schema_registry_url, metrics_topic,
 * rules_topic}}. Without it: the local gateway {@code http://127.0.0.1:8088} with the key in
 * {@code AGENTWATCH_API_KEY} (default {@code local-dev-key}, as {@code make run}). The seed's own blocks may carry
 * fields the SDK does not use (temperature, ...); those are left alone. Errors name file, line and field.
 * Then {@code AgentwatchClient.Builder} settings not in the file keep their defaults.
 */
public final class AgentConfigFile {

    static final String DEFAULT_GATEWAY = "http://127.0.0.1:8088";
    static final String DEFAULT_KEY_ENV = "AGENTWATCH_API_KEY";
    static final String DEFAULT_KEY = "local-dev-key";

    private AgentConfigFile() {
    }

    /**
     * A client as the file says; the API key from the process environment.
     *
     * @throws dev.agentwatch.config.ConfigException naming the file, line and field of a bad value
     */
    public static AgentwatchClient client(Path file) {
        return builder(YamlFiles.read(file), System.getenv()).build();
    }

    /** As {@link #client(Path)}, from text; {@code env} supplies the API key variable. */
    public static AgentwatchClient client(String name, String yaml, Map<String, String> env) {
        return builder(YamlFiles.parse(name, yaml), env).build();
    }

    static AgentwatchClient.Builder builder(ConfigNode root, Map<String, String> env) {
        if (!root.isMap()) {
            throw root.error("expected a mapping with agent_config:");
        }
        ConfigNode agent = root.require("agent_config");
        AgentwatchClient.Builder b = AgentwatchClient.builder(nonBlank(agent.require("name")));
        boolean enabled = true;
        Optional<ConfigNode> monitoring = agent.get("monitoring");
        if (monitoring.isPresent()) {
            ConfigNode m = monitoring.get();
            if (m.get("enabled").isPresent()) {
                enabled = m.require("enabled").bool();
            }
            m.get("export_interval_seconds").ifPresent(n -> {
                double s = n.number();
                if (!(s > 0) || s > 3600) {
                    throw n.error("export_interval_seconds must be more than 0 and at most 3600, got " + n.text());
                }
                b.exportInterval(Duration.ofMillis(Math.round(s * 1000)));
            });
        }
        b.enabled(enabled);
        agent.get("claude_settings").flatMap(c -> c.get("model")).ifPresent(n -> b.model(nonBlank(n)));

        Optional<ConfigNode> aw = root.get("agentwatch");
        ConfigNode gateway = null;
        ConfigNode kafka = null;
        if (aw.isPresent()) {
            ConfigNode a = aw.get();
            a.allowOnly(List.of("fleet", "agent_version", "labels", "queue_capacity", "max_batch", "gateway", "kafka"));
            a.get("fleet").ifPresent(n -> b.fleet(nonBlank(n)));
            a.get("agent_version").ifPresent(n -> b.agentVersion(nonBlank(n)));
            a.get("labels").ifPresent(n -> {
                if (!n.isMap()) {
                    throw n.error("labels: expected a mapping of label name to value");
                }
                n.entries().forEach((k, v) -> b.label(k, v.text()));
            });
            a.get("queue_capacity").ifPresent(n -> b.queueCapacity(atLeastOne(n)));
            a.get("max_batch").ifPresent(n -> b.maxBatch(atLeastOne(n)));
            gateway = a.get("gateway").orElse(null);
            kafka = a.get("kafka").orElse(null);
            if (gateway != null && kafka != null) {
                throw kafka.error("give one of gateway: or kafka:, not both");
            }
        }
        if (!enabled) {
            return b;
        }
        return b.transport(kafka != null ? kafka(kafka) : gateway(gateway, env));
    }

    private static GatewayTransport gateway(ConfigNode g, Map<String, String> env) {
        String url = DEFAULT_GATEWAY;
        String keyEnv = DEFAULT_KEY_ENV;
        if (g != null) {
            g.allowOnly(List.of("url", "api_key_env"));
            if (g.get("url").isPresent()) {
                url = nonBlank(g.require("url"));
                if (!url.startsWith("http://") && !url.startsWith("https://")) {
                    throw g.require("url").error("expected an http:// or https:// URL, got '" + url + "'");
                }
            }
            if (g.get("api_key_env").isPresent()) {
                keyEnv = nonBlank(g.require("api_key_env"));
            }
        }
        // The key never sits in the file: secrets come from the environment.
        String key = env.getOrDefault(keyEnv, keyEnv.equals(DEFAULT_KEY_ENV) ? DEFAULT_KEY : null);
        if (key == null) {
            throw g.require("api_key_env").error("the environment variable " + keyEnv + " is not set");
        }
        return GatewayTransport.builder(URI.create(url), key).build();
    }

    private static KafkaTransport kafka(ConfigNode k) {
        k.allowOnly(List.of("bootstrap_servers", "schema_registry_url", "metrics_topic", "rules_topic"));
        KafkaTransport.Builder t = KafkaTransport.builder(nonBlank(k.require("bootstrap_servers")),
                nonBlank(k.require("schema_registry_url")));
        k.get("metrics_topic").ifPresent(n -> t.metricsTopic(nonBlank(n)));
        k.get("rules_topic").ifPresent(n -> t.rulesTopic(nonBlank(n)));
        return t.build();
    }

    private static String nonBlank(ConfigNode n) {
        String s = n.text();
        if (s.isBlank()) {
            throw n.error("must not be empty");
        }
        return s.strip();
    }

    private static int atLeastOne(ConfigNode n) {
        int v = n.integer();
        if (v < 1) {
            throw n.error("must be at least 1, got " + v);
        }
        return v;
    }
}
