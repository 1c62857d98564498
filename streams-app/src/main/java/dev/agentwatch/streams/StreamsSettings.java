package dev.agentwatch.streams;

import dev.agentwatch.config.AgentwatchConfig;
import dev.agentwatch.config.ConfigNode;
import dev.agentwatch.config.KafkaEndpoints;
import dev.agentwatch.config.TopicNames;
import dev.agentwatch.pricing.PriceTable;
import dev.agentwatch.schema.validation.EventLimits;

import java.time.Duration;
import java.util.List;

/** Everything the streams app is configured with, read once from {@link AgentwatchConfig}. */
public record StreamsSettings(
        KafkaEndpoints kafka,
        TopicNames topics,
        String applicationId,
        String stateDir,
        int httpPort,
        /** Where the HTTP API listens; 127.0.0.1 by default, 0.0.0.0 for every interface. */
        String bindAddress,
        /**
         * The host other instances reach this one at ({@code application.server} with the port): fleet queries ask
         * every instance through it. The bind address by default, which must then not be a wildcard.
         */
        String advertisedHost,
        int numStandbyReplicas,
        int numStreamThreads,
        Duration slice,
        Duration grace,
        Duration maxEventAge,
        Duration maxFuture,
        Duration agentTtl,
        Duration idleAdvanceAfter,
        Duration maxBacklog,
        Duration dedupWindow,
        int maxAgents,
        int maxRecordBytes,
        Duration sessionTimeout,
        PriceTable prices) {

    public static final String STATE_DIR_ENV = "AGENTWATCH_STATE_DIR";
    /** How far behind its partition's event time an agent's in-order backlog still counts (into its baseline). */
    public static final Duration DEFAULT_MAX_BACKLOG = Duration.ofHours(1);
    /** SPEC 7: duplicate event_ids of one agent within 10 minutes count once. */
    public static final Duration DEFAULT_DEDUP_WINDOW = Duration.ofMinutes(10);
    /** About 10 KB of heap per agent: 50,000 fit the 1 GB heap `make run` gives the streams app. */
    public static final int DEFAULT_MAX_AGENTS = 50_000;
    /**
     * How long an instance that died (kill -9, a lost host) keeps its partitions before the others take them over:
     * most of a failover. Kafka's 45 s default is tuned for stability; a monitor that must page on time does better
     * with 15 s, which still rides out GC pauses and short network blips (heartbeats every 5 s).
     */
    public static final Duration DEFAULT_SESSION_TIMEOUT = Duration.ofSeconds(15);
    public static final String HTTP_PORT_ENV = "AGENTWATCH_STREAMS_PORT";
    public static final String BIND_ENV = "AGENTWATCH_STREAMS_BIND";
    public static final String ADVERTISED_ENV = "AGENTWATCH_STREAMS_ADVERTISED_HOST";

    private static final List<String> FIELDS = List.of("application_id", "state_dir", "http_port", "bind_address",
            "advertised_host", "num_standby_replicas",
            "num_stream_threads", "slice", "grace", "max_event_age", "max_future", "agent_ttl", "idle_advance_after",
            "max_backlog", "dedup_window", "max_agents", "max_record_bytes", "session_timeout");

    public static StreamsSettings from(AgentwatchConfig config) {
        ConfigNode s = config.section("streams").orElseThrow(() -> config.root().error("missing required section 'streams'"));
        s.allowOnly(FIELDS);
        Duration slice = s.require("slice").duration();
        if (slice.toMillis() < 100 || Duration.ofMinutes(1).toMillis() % slice.toMillis() != 0) {
            throw s.require("slice").error("must divide one minute evenly and be at least 100ms (e.g. 1s, 5s, 10s)");
        }
        Duration grace = s.require("grace").duration();
        String stateDir = config.env(STATE_DIR_ENV).orElse(s.require("state_dir").text());
        int httpPort = config.env(HTTP_PORT_ENV).map(Integer::parseInt).orElseGet(() -> s.require("http_port").integer());
        String bind = config.env(BIND_ENV).orElseGet(() -> s.get("bind_address").map(ConfigNode::text).orElse("127.0.0.1"));
        String advertised = config.env(ADVERTISED_ENV).orElseGet(() -> s.get("advertised_host").map(ConfigNode::text).orElse(null));
        if (advertised == null) {
            if (bind.equals("0.0.0.0") || bind.equals("::") || bind.equals("[::]")) {
                throw s.get("bind_address").map(n -> n.error("listens on every interface: set streams.advertised_host ("
                        + ADVERTISED_ENV + ") to the host other instances reach this one at"))
                        .orElseGet(() -> s.error(BIND_ENV + "=" + bind + " listens on every interface: set streams.advertised_host ("
                                + ADVERTISED_ENV + ")"));
            }
            advertised = bind;
        }
        return new StreamsSettings(
                config.kafka(),
                config.topics(),
                s.require("application_id").text(),
                stateDir,
                httpPort,
                bind,
                advertised,
                s.get("num_standby_replicas").map(ConfigNode::integer).orElse(0),
                s.get("num_stream_threads").map(ConfigNode::integer).orElse(1),
                slice,
                grace,
                s.require("max_event_age").duration(),
                s.get("max_future").map(ConfigNode::duration).orElse(Duration.ofDays(1)),
                s.require("agent_ttl").duration(),
                s.get("idle_advance_after").map(ConfigNode::duration).orElse(Duration.ofMinutes(1)),
                s.get("max_backlog").map(ConfigNode::duration).orElse(DEFAULT_MAX_BACKLOG),
                s.get("dedup_window").map(ConfigNode::duration).orElse(DEFAULT_DEDUP_WINDOW),
                positive(s, "max_agents", DEFAULT_MAX_AGENTS),
                positive(s, "max_record_bytes", EventLimits.DEFAULT_MAX_RECORD_BYTES),
                s.get("session_timeout").map(ConfigNode::duration).orElse(DEFAULT_SESSION_TIMEOUT),
                config.section("pricing").map(PriceTable::from).orElse(PriceTable.EMPTY));
    }

    private static int positive(ConfigNode section, String field, int otherwise) {
        return section.get(field).map(n -> {
            int v = n.integer();
            if (v <= 0) {
                throw n.error("must be a positive whole number");
            }
            return v;
        }).orElse(otherwise);
    }
}
