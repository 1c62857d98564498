package dev.agentwatch.sink.config;

import dev.agentwatch.config.ConfigException;
import dev.agentwatch.config.ConfigNode;
import dev.agentwatch.config.YamlFiles;
import dev.agentwatch.sink.delivery.DeliverySettings;
import dev.agentwatch.sink.inhibit.InhibitRule;
import dev.agentwatch.sink.matching.Matchers;
import dev.agentwatch.sink.secrets.SecretSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads and validates the alert sink's file: {@code route}, {@code receivers}, {@code inhibit_rules} (shaped like
 * Alertmanager's) plus {@code consumer}, {@code delivery} and {@code http}. Every error says file, line, column and
 * field. Path: {@code $AGENTWATCH_SINK_CONFIG}, else {@code config/alert-sink.yaml}; {@code $AGENTWATCH_SINK_PORT}
 * overrides {@code http.port}.
 */
public final class SinkConfigLoader {

    private static final Logger log = LoggerFactory.getLogger(SinkConfigLoader.class);

    public static final String CONFIG_ENV = "AGENTWATCH_SINK_CONFIG";
    public static final Path DEFAULT_PATH = Path.of("config", "alert-sink.yaml");

    private SinkConfigLoader() {
    }

    public static Path path(Map<String, String> env) {
        return Optional.ofNullable(env.get(CONFIG_ENV)).filter(v -> !v.isBlank()).map(Path::of).orElse(DEFAULT_PATH);
    }

    public static SinkConfig load(Path file, Map<String, String> env) {
        if (!Files.exists(file)) {
            throw new ConfigException(file.toString(), 0, 0, "", "alert sink configuration not found (set " + CONFIG_ENV
                    + " or run from the repository root)");
        }
        return parse(YamlFiles.read(file), env);
    }

    public static SinkConfig parse(String name, String yaml, Map<String, String> env) {
        return parse(YamlFiles.parse(name, yaml), env);
    }

    static SinkConfig parse(ConfigNode root, Map<String, String> env) {
        root.allowOnly(List.of("route", "receivers", "inhibit_rules", "consumer", "delivery", "http"));
        ReceiverParser receiverParser = new ReceiverParser(new SecretSource(env));
        List<ReceiverSpec> receivers = new ArrayList<>();
        Set<String> names = new LinkedHashSet<>();
        for (ConfigNode r : root.require("receivers").items()) {
            ReceiverSpec spec = receiverParser.receiver(r);
            if (!names.add(spec.name())) {
                throw r.require("name").error("duplicate receiver name '" + spec.name() + "'");
            }
            receivers.add(spec);
        }
        var route = new RouteParser(names).root(root.require("route"));
        List<InhibitRule> inhibit = new ArrayList<>();
        for (ConfigNode r : root.get("inhibit_rules").map(ConfigNode::items).orElse(List.of())) {
            r.allowOnly(List.of("source_matchers", "target_matchers", "equal"));
            Matchers source = Nodes.matchers(r.require("source_matchers"));
            Matchers target = Nodes.matchers(r.require("target_matchers"));
            if (source.isEmpty() || target.isEmpty()) {
                throw r.error("source_matchers and target_matchers each need at least one matcher");
            }
            inhibit.add(new InhibitRule(source, target, r.get("equal").map(Nodes::strings).orElse(List.of())));
        }
        return new SinkConfig(route, receivers, inhibit, delivery(root),
                consumer(root.get("consumer")), http(root.get("http"), env));
    }

    private static HttpSettings http(Optional<ConfigNode> section, Map<String, String> env) {
        HttpSettings d = HttpSettings.DEFAULTS;
        String bind = d.bindAddress();
        int port = d.port();
        if (section.isPresent()) {
            ConfigNode n = section.get();
            n.allowOnly(List.of("bind_address", "port"));
            bind = n.get("bind_address").map(ConfigNode::text).orElse(bind);
            if (bind.isBlank()) {
                throw n.require("bind_address").error("must not be empty");
            }
            if (n.get("port").isPresent()) {
                port = n.require("port").integer();
                if (port < 0 || port > 65_535) {
                    throw n.require("port").error("must be between 0 (any free port) and 65535");
                }
            }
        }
        String fromEnv = env.get(HttpSettings.PORT_ENV);
        if (fromEnv != null && !fromEnv.isBlank()) {
            try {
                port = Integer.parseInt(fromEnv.strip());
            } catch (NumberFormatException e) {
                port = -1;
            }
            if (port < 0 || port > 65_535) {
                throw new ConfigException("environment", 0, 0, HttpSettings.PORT_ENV,
                        "must be a port between 0 (any free port) and 65535, got '" + fromEnv + "'");
            }
        }
        return new HttpSettings(bind, port);
    }

    private static DeliverySettings delivery(ConfigNode root) {
        DeliverySettings d = DeliverySettings.DEFAULTS;
        Optional<ConfigNode> section = root.get("delivery");
        if (section.isEmpty()) {
            return d;
        }
        ConfigNode n = section.get();
        n.allowOnly(List.of("initial_backoff", "max_backoff", "max_retry_after", "give_up_after", "http_timeout", "max_queued",
                "dead_letter_give_up_after"));
        Duration initial = n.get("initial_backoff").map(Nodes::positiveDuration).orElse(d.initialBackoff());
        Duration max = n.get("max_backoff").map(Nodes::positiveDuration).orElse(d.maxBackoff());
        if (max.compareTo(initial) < 0) {
            throw n.require("max_backoff").error("must not be shorter than initial_backoff");
        }
        int maxQueued = n.get("max_queued").map(ConfigNode::integer).orElse(d.maxQueued());
        if (maxQueued < 1) {
            throw n.require("max_queued").error("must be at least 1");
        }
        // Still read, as the shipped config/alert-sink.yaml has it; giving up alerts by time lost them for good.
        n.get("dead_letter_give_up_after").ifPresent(old -> log.warn("{}:{}: delivery.dead_letter_give_up_after is no longer used:"
                + " a dead-letter write is retried for as long as the topic does not take it (/health says DOWN meanwhile), and"
                + " only a record the topic refuses as a record is given up", old.file(), old.line()));
        return new DeliverySettings(initial, max,
                n.get("max_retry_after").map(Nodes::positiveDuration).orElse(d.maxRetryAfter()),
                n.get("give_up_after").map(Nodes::positiveDuration).orElse(d.giveUpAfter()),
                n.get("http_timeout").map(Nodes::positiveDuration).orElse(d.httpTimeout()),
                maxQueued);
    }

    private static ConsumerSettings consumer(Optional<ConfigNode> section) {
        ConsumerSettings d = ConsumerSettings.DEFAULTS;
        if (section.isEmpty()) {
            return d;
        }
        ConfigNode n = section.get();
        n.allowOnly(List.of("group_id", "max_pending", "session_timeout", "purge_silences_after"));
        String group = n.get("group_id").map(ConfigNode::text).orElse(d.groupId());
        if (group.isBlank()) {
            throw n.require("group_id").error("must not be empty");
        }
        n.get("max_pending").ifPresent(old -> log.warn("{}:{}: consumer.max_pending is no longer used: reading never pauses for a"
                + " receiver that is down; each integration holds at most delivery.max_queued notifications instead",
                old.file(), old.line()));
        Duration session = n.get("session_timeout").map(Nodes::positiveDuration).orElse(d.sessionTimeout());
        return new ConsumerSettings(group, session,
                n.get("purge_silences_after").map(Nodes::positiveDuration).orElse(d.purgeSilencesAfter()));
    }
}
