package dev.agentwatch.streams;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentwatch.alerting.ActiveAlert;
import dev.agentwatch.fleet.AgentSnapshot;
import dev.agentwatch.fleet.FleetJson;
import dev.agentwatch.fleet.FleetQuery;
import dev.agentwatch.fleet.FleetView;
import dev.agentwatch.http.HttpApi;
import dev.agentwatch.http.HttpApi.Request;
import dev.agentwatch.http.HttpApi.Response;
import dev.agentwatch.rules.RuleBook;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.state.HostInfo;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;

/**
 * {@code /api/agents}, {@code /api/agents/{id}} and {@code /api/alerts} over the whole fleet, whichever instance is
 * asked: Kafka Streams' metadata names the instances (by their {@code application.server}); each answers for the
 * agents its tasks hold ({@code scope=local}) and says which metrics partitions it shows; the instance asked merges.
 * An answer is complete only when the instances' ready partitions cover every partition of the metrics topic.
 * Otherwise (a rebalance moves partitions, an instance did not answer) it asks once more on fresh metadata, and if
 * still short says {@code "partial": true} with the partitions missing: never a silently short list.
 */
final class FleetApi {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration PEER_TIMEOUT = Duration.ofSeconds(3);
    private static final long RETRY_AFTER_MS = 250;

    private final FleetView view;
    private final RuleBook rules;
    private final KafkaStreams streams;
    private final HostInfo self;
    private final int metricsPartitions;
    private final AgentHistoryQuery history;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    /**
     * @param self              this instance's advertised address ({@code application.server})
     * @param metricsPartitions partitions of the metrics topic (each a task whose agents some instance shows)
     */
    FleetApi(FleetView view, RuleBook rules, KafkaStreams streams, HostInfo self, int metricsPartitions, long sliceMs) {
        this.history = new AgentHistoryQuery(streams, sliceMs);
        this.view = view;
        this.rules = rules;
        this.streams = streams;
        this.self = self;
        this.metricsPartitions = metricsPartitions;
    }

    void register(HttpApi api) {
        api.route("/api/agents", this::agents);
        api.routeUnder("/api/agents/", this::agent);
        api.route("/api/alerts", this::alerts);
    }

    // ---- /api/agents

    private Response agents(Request r) {
        FleetQuery query = FleetQuery.parse(r.query());
        String fleet = r.header("X-Fleet-ID");
        if (fleet != null && !fleet.isBlank()) {
            query = query.inFleet(fleet.strip());
        }
        if (local(r)) {
            return json(localAgents(query));
        }
        Gathered g = gather("/api/agents", r.query(), fleet);
        if (!g.complete()) {
            sleep();
            g = gather("/api/agents", r.query(), fleet);
        }
        List<ObjectNode> merged = newest(g.answers, "agents", "name");
        ObjectNode out = JSON.createObjectNode();
        ArrayNode list = out.putArray("agents");
        List<ObjectNode> ordered = query.order(merged);
        ordered.forEach(list::add);
        out.put("total", merged.size());
        g.describe(out);
        ArrayNode shown = out.putArray("metrics");
        rules.current().displayMetrics().forEach(shown::add);
        return json(out);
    }

    private ObjectNode localAgents(FleetQuery query) {
        ObjectNode out = localAnswer();
        ArrayNode list = out.putArray("agents");
        List<ObjectNode> matching = new ArrayList<>();
        for (AgentSnapshot s : view.agents()) {
            if (query.matches(s)) {
                matching.add(FleetJson.agent(s));
            }
        }
        query.order(matching).forEach(list::add);
        return out;
    }

    // ---- /api/agents/{id}

    private Response agent(Request r) {
        String id = java.net.URLDecoder.decode(r.path().substring("/api/agents/".length()), StandardCharsets.UTF_8);
        if (id.isEmpty() || id.contains("/")) {
            return error(404, "not found", false);
        }
        if (local(r)) {
            return view.agent(id).map(this::agentWithHistory).orElseGet(() -> notHere(id));
        }
        KeyQueryMetadata owner = streams.queryMetadataForKey(AgentwatchTopology.SLICES_STORE, id, new StringSerializer());
        if (owner != null && !KeyQueryMetadata.NOT_AVAILABLE.equals(owner)) {
            JsonNode answer = ask(owner.activeHost(), "/api/agents/" + encode(id), Map.of(), null).join();
            if (answer != null && answer.has("name")) {
                return json(answer);
            }
        }
        // The owner moved or did not answer: whoever holds the agent now answers (a move completes on one side).
        for (StreamsMetadata m : streams.metadataForAllStreamsClients()) {
            JsonNode answer = ask(m.hostInfo(), "/api/agents/" + encode(id), Map.of(), null).join();
            if (answer != null && answer.has("name")) {
                return json(answer);
            }
        }
        int partition = owner == null ? -1 : owner.partition();
        if (partition >= 0 && !gather("/api/agents", Map.of("limit", List.of("1")), null).covered.contains(partition)) {
            return error(503, "the partition of agent " + id + " (" + partition
                    + ") is moving between instances; ask again in a few seconds", true);
        }
        return error(404, "no agent " + id + " in the fleet view", false);
    }

    private Response notHere(String id) {
        return error(404, "agent " + id + " is not held by this instance", false);
    }

    /** The agent with its last hour; a 503 when its partition is moving off this instance meanwhile. */
    private Response agentWithHistory(AgentSnapshot s) {
        ObjectNode n = FleetJson.agent(s);
        KeyQueryMetadata owner = streams.queryMetadataForKey(AgentwatchTopology.SLICES_STORE, s.agentId(), new StringSerializer());
        if (owner == null || owner.partition() < 0) {
            return error(503, "the partition of agent " + s.agentId() + " is not known yet (rebalancing)", true);
        }
        try {
            n.set("history", FleetJson.history(history.lastHour(s.agentId(), owner.partition(), s.asOfMs())));
        } catch (org.apache.kafka.streams.errors.InvalidStateStoreException moving) {
            return error(503, "the partition of agent " + s.agentId() + " is moving: " + moving.getMessage(), true);
        }
        n.put("instance", self.host() + ":" + self.port());
        return json(n);
    }

    // ---- /api/alerts

    private Response alerts(Request r) {
        Map<String, List<String>> q = r.query();
        for (String name : q.keySet()) {
            if (!Set.of("state", "severity", "alert", "fleet", "scope").contains(name)) {
                throw new IllegalArgumentException("unknown parameter '" + name + "' (state, severity, alert, fleet)");
            }
        }
        for (String s : q.getOrDefault("state", List.of())) {
            if (!s.equals(ActiveAlert.PENDING) && !s.equals(ActiveAlert.FIRING)) {
                throw new IllegalArgumentException("state: unknown state '" + s + "' (pending, firing)");
            }
        }
        String fleet = r.header("X-Fleet-ID");
        if (local(r)) {
            ObjectNode out = localAnswer();
            ArrayNode list = out.putArray("alerts");
            for (AgentSnapshot s : view.agents()) {
                if (fleet != null && !fleet.isBlank() && !fleet.strip().equals(s.fleet())) {
                    continue;
                }
                if (!q.getOrDefault("fleet", List.of()).isEmpty() && (s.fleet() == null || !q.get("fleet").contains(s.fleet()))) {
                    continue;
                }
                for (ActiveAlert a : s.alerts()) {
                    if (wanted(q, "state", a.state()) && wanted(q, "severity", a.severity()) && wanted(q, "alert", a.alert())) {
                        list.add(FleetJson.alert(a));
                    }
                }
            }
            return json(out);
        }
        Gathered g = gather("/api/alerts", q, fleet);
        if (!g.complete()) {
            sleep();
            g = gather("/api/alerts", q, fleet);
        }
        List<ObjectNode> merged = newest(g.answers, "alerts", "fingerprint");
        // Firing before pending, then the most severe, then the oldest: what to look at first.
        merged.sort(java.util.Comparator.<ObjectNode>comparingInt(n -> n.path("state").asText().equals(ActiveAlert.FIRING) ? 0 : 1)
                .thenComparingInt(n -> severityRank(n.path("severity").asText()))
                .thenComparing(n -> n.path("active_since").asText())
                .thenComparing(n -> n.path("fingerprint").asText()));
        ObjectNode out = JSON.createObjectNode();
        ArrayNode list = out.putArray("alerts");
        merged.forEach(list::add);
        g.describe(out);
        return json(out);
    }

    private static boolean wanted(Map<String, List<String>> q, String name, String value) {
        List<String> allowed = q.get(name);
        return allowed == null || allowed.isEmpty() || allowed.contains(value);
    }

    private static int severityRank(String severity) {
        return switch (severity) {
            case "CRITICAL" -> 0;
            case "WARNING" -> 1;
            default -> 2;
        };
    }

    // ---- merging the instances' answers

    /** The instances' local answers, and which partitions they cover. */
    private final class Gathered {
        final List<JsonNode> answers = new ArrayList<>();
        final Set<Integer> covered = new TreeSet<>();
        final List<String> unanswered = new ArrayList<>();
        final List<String> instances = new ArrayList<>();

        boolean complete() {
            return unanswered.isEmpty() && covered.size() >= metricsPartitions;
        }

        void describe(ObjectNode out) {
            boolean partial = !complete();
            out.put("partial", partial);
            if (partial) {
                ArrayNode missing = out.putArray("missing_partitions");
                for (int p = 0; p < metricsPartitions; p++) {
                    if (!covered.contains(p)) {
                        missing.add(p);
                    }
                }
                ArrayNode silent = out.putArray("unanswered_instances");
                unanswered.forEach(silent::add);
            }
            ArrayNode asked = out.putArray("instances");
            instances.forEach(asked::add);
            out.put("as_of", Instant.now().toString());
        }
    }

    private Gathered gather(String path, Map<String, List<String>> query, String fleet) {
        Gathered g = new Gathered();
        Collection<StreamsMetadata> clients = streams.metadataForAllStreamsClients();
        Map<String, CompletableFuture<JsonNode>> pending = new LinkedHashMap<>();
        boolean selfListed = false;
        for (StreamsMetadata m : clients) {
            HostInfo h = m.hostInfo();
            String name = h.host() + ":" + h.port();
            if (h.equals(self)) {
                selfListed = true;
            }
            pending.put(name, ask(h, path, query, fleet));
        }
        if (!selfListed) {
            // Not yet in the group's metadata (starting, rebalancing): what this instance holds still counts.
            pending.put(self.host() + ":" + self.port(), ask(self, path, query, fleet));
        }
        pending.forEach((name, answer) -> {
            JsonNode n = answer.join();
            g.instances.add(name);
            if (n == null) {
                g.unanswered.add(name);
                return;
            }
            g.answers.add(n);
            n.path("ready_partitions").forEach(p -> g.covered.add(p.asInt()));
        });
        return g;
    }

    /** The items of every answer, one per key: where two instances show one (mid-move), the newer snapshot. */
    private static List<ObjectNode> newest(List<JsonNode> answers, String field, String key) {
        Map<String, ObjectNode> byKey = new LinkedHashMap<>();
        for (JsonNode a : answers) {
            for (JsonNode item : a.path(field)) {
                String k = item.path(key).asText();
                ObjectNode held = byKey.get(k);
                if (held == null || asOf(item) > asOf(held)) {
                    byKey.put(k, (ObjectNode) item);
                }
            }
        }
        return new ArrayList<>(byKey.values());
    }

    private static long asOf(JsonNode n) {
        JsonNode ms = n.get("as_of_ms");
        return ms != null ? ms.asLong() : Instant.parse(n.path("evaluated_at").asText("1970-01-01T00:00:00Z")).toEpochMilli();
    }

    /** One instance's local answer; null when it did not answer in time or answered an error. */
    private CompletableFuture<JsonNode> ask(HostInfo host, String path, Map<String, List<String>> query, String fleet) {
        if (host.equals(self)) {
            // Answered here, not over HTTP: a request waiting on its own server's threads could wait for ever.
            return CompletableFuture.completedFuture(askSelf(path, query, fleet));
        }
        StringBuilder uri = new StringBuilder("http://").append(host.host()).append(':').append(host.port()).append(path)
                .append("?scope=local");
        query.forEach((name, values) -> {
            if (!name.equals("scope")) {
                values.forEach(v -> uri.append('&').append(encode(name)).append('=').append(encode(v)));
            }
        });
        HttpRequest.Builder req = HttpRequest.newBuilder(URI.create(uri.toString())).timeout(PEER_TIMEOUT).GET();
        if (fleet != null && !fleet.isBlank()) {
            req.header("X-Fleet-ID", fleet);
        }
        return http.sendAsync(req.build(), HttpResponse.BodyHandlers.ofByteArray())
                .thenApply(resp -> {
                    try {
                        return resp.statusCode() == 200 ? JSON.readTree(resp.body()) : null;
                    } catch (java.io.IOException e) {
                        return null;
                    }
                })
                .exceptionally(e -> null);
    }

    private JsonNode askSelf(String path, Map<String, List<String>> query, String fleet) {
        Map<String, List<String>> q = new LinkedHashMap<>(query);
        q.put("scope", List.of("local"));
        Request local = new Request(path, q, fleet == null ? Map.of() : Map.of("x-fleet-id", fleet));
        Response r = path.equals("/api/agents") ? agents(local) : path.equals("/api/alerts") ? alerts(local) : agent(local);
        try {
            return r.status() == 200 ? JSON.readTree(r.body()) : null;
        } catch (java.io.IOException e) {
            return null;
        }
    }

    private static Response error(int status, String message, boolean partial) {
        ObjectNode n = JSON.createObjectNode();
        n.put("error", message);
        if (partial) {
            n.put("partial", true);
        }
        try {
            return new Response(status, "application/json", JSON.writeValueAsBytes(n));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private ObjectNode localAnswer() {
        ObjectNode out = JSON.createObjectNode();
        out.put("instance", self.host() + ":" + self.port());
        out.put("state", streams.state().name());
        ArrayNode ready = out.putArray("ready_partitions");
        view.readyPartitions().forEach(ready::add);
        return out;
    }

    private static boolean local(Request r) {
        return r.query().getOrDefault("scope", List.of()).contains("local");
    }

    private static Response json(JsonNode n) {
        try {
            return new Response(200, "application/json", JSON.writeValueAsBytes(n));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static void sleep() {
        try {
            Thread.sleep(RETRY_AFTER_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
