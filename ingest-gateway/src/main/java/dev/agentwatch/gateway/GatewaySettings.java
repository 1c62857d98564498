package dev.agentwatch.gateway;

import dev.agentwatch.config.AgentwatchConfig;
import dev.agentwatch.config.ConfigNode;
import dev.agentwatch.gateway.auth.ApiKeys;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The {@code gateway:} section of {@code config/agentwatch.yaml}, with its environment overrides. The bounds on
 * event timestamps are the streams app's ({@code streams.max_future}, {@code streams.max_event_age}), so the
 * gateway refuses with 400 exactly what the streams app would dead-letter.
 */
public record GatewaySettings(String bindAddress, int port, int maxBodyBytes, int maxEventsPerRequest,
                              int maxInflightEvents, Duration deliveryTimeout, Duration drainTimeout,
                              Duration maxFuture, Duration maxEventAge, ApiKeys apiKeys) {

    public static final String PORT_ENV = "AGENTWATCH_GATEWAY_PORT";
    public static final String BIND_ENV = "AGENTWATCH_GATEWAY_BIND";

    private static final List<String> FIELDS = List.of("bind_address", "port", "max_body_bytes",
            "max_events_per_request", "max_inflight_events", "delivery_timeout", "drain_timeout", "api_keys");

    /** @throws dev.agentwatch.config.ConfigException naming file, line and field */
    public static GatewaySettings from(AgentwatchConfig config, Map<String, String> env) {
        ConfigNode g = config.root().require("gateway");
        g.allowOnly(FIELDS);
        ConfigNode streams = config.root().require("streams");
        String bind = config.env(BIND_ENV).orElse(g.get("bind_address").map(ConfigNode::text).orElse("127.0.0.1"));
        int port = config.env(PORT_ENV).map(Integer::parseInt).orElse(g.get("port").map(ConfigNode::integer).orElse(8088));
        int maxBody = positive(g, "max_body_bytes", 4 * 1024 * 1024);
        int maxEvents = positive(g, "max_events_per_request", 10_000);
        int maxInflight = positive(g, "max_inflight_events", 200_000);
        if (maxInflight < maxEvents) {
            throw g.require("max_inflight_events").error("must be at least max_events_per_request (" + maxEvents
                    + "), or no full request could ever be sent");
        }
        Duration delivery = g.get("delivery_timeout").map(ConfigNode::duration).orElse(Duration.ofSeconds(30));
        if (delivery.toMillis() < 1_000) {
            throw g.require("delivery_timeout").error("must be at least 1s");
        }
        Duration drain = g.get("drain_timeout").map(ConfigNode::duration).orElse(Duration.ofSeconds(30));
        return new GatewaySettings(bind, port, maxBody, maxEvents, maxInflight, delivery, drain,
                streams.get("max_future").map(ConfigNode::duration).orElse(Duration.ofDays(1)),
                streams.require("max_event_age").duration(),
                ApiKeys.from(g.require("api_keys"), env));
    }

    private static int positive(ConfigNode g, String field, int otherwise) {
        if (g.get(field).isEmpty()) {
            return otherwise;
        }
        int n = g.require(field).integer();
        if (n < 1) {
            throw g.require(field).error("must be at least 1");
        }
        return n;
    }

    /** The same settings on another port and keys (tests, benchmarks). */
    public GatewaySettings with(int port, ApiKeys keys) {
        return new GatewaySettings(bindAddress, port, maxBodyBytes, maxEventsPerRequest, maxInflightEvents,
                deliveryTimeout, drainTimeout, maxFuture, maxEventAge, keys);
    }
}
