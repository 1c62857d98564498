package dev.agentwatch.gateway.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentwatch.gateway.auth.ApiKey;
import dev.agentwatch.gateway.auth.ApiKeys;
import dev.agentwatch.gateway.intake.Intake;
import dev.agentwatch.gateway.intake.IntakeResult;
import dev.agentwatch.gateway.json.BadBodyException;
import dev.agentwatch.gateway.json.EventJson;
import dev.agentwatch.gateway.json.MappedEvent;
import dev.agentwatch.gateway.json.TooManyEventsException;
import dev.agentwatch.gateway.metrics.GatewayMetrics;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * The gateway's routes. Ingest ({@code POST /v1/metrics}, its alias {@code POST /metrics} for the seed article's
 * curl, {@code POST /v1/traces}) checks in order: the API key (401), the media type (415), the size (413), the
 * body (400), then hands the events to {@link Intake}; the answer is written when Kafka has answered for every
 * event, on the server's own threads (never Kafka's). {@code GET /health}, {@code GET /metrics} (Prometheus) and
 * {@code GET /v1/sampling} (the policy in effect, for the SDK) need no key.
 */
public final class GatewayHandler extends Handler.Abstract {

    private static final Logger LOG = LoggerFactory.getLogger(GatewayHandler.class);
    /** Set by a producer (the Java SDK) that applied the sampling policy itself. */
    public static final String SAMPLED_HEADER = "X-Agentwatch-Sampled";

    private final ApiKeys keys;
    private final Intake intake;

    private final GatewayMetrics metrics;
    private final Limits limits;
    private final Supplier<ObjectNode> health;
    private final Supplier<ObjectNode> sampling;
    private final Executor answers;
    private final TracesRoute traces;

    /** @param maxBodyBytes after decompression; @param maxEvents per request */
    public record Limits(int maxBodyBytes, int maxEvents) {
    }

    public GatewayHandler(ApiKeys keys, Intake intake, GatewayMetrics metrics, Limits limits,
                          Supplier<ObjectNode> health, Supplier<ObjectNode> sampling, Executor answers) {
        this.keys = keys;
        this.intake = intake;
        this.metrics = metrics;
        this.limits = limits;
        this.health = health;
        this.sampling = sampling;
        this.answers = answers;
        this.traces = new TracesRoute(intake, metrics, answers);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        String path = Request.getPathInContext(request);
        String method = request.getMethod();
        switch (path) {
            case "/v1/metrics", "/metrics" -> {
                if (path.equals("/metrics") && HttpMethod.GET.is(method)) {
                    new Exchange(request, response, callback, "/metrics", metrics)
                            .answer(200, "text/plain; version=0.0.4; charset=utf-8", metrics.scrape().getBytes(StandardCharsets.UTF_8));
                } else {
                    ingest(new Exchange(request, response, callback, "/v1/metrics", metrics), this::metricsBody);
                }
            }
            case "/v1/traces" -> ingest(new Exchange(request, response, callback, "/v1/traces", metrics), traces::take);
            case "/health" -> get(new Exchange(request, response, callback, "/health", metrics), health);
            case "/v1/sampling" -> get(new Exchange(request, response, callback, "/v1/sampling", metrics), sampling);
            default -> new Exchange(request, response, callback, "other", metrics).error(404, "not_found",
                    "no route " + path + "; the gateway serves POST /v1/metrics, POST /metrics, POST /v1/traces, "
                            + "GET /v1/sampling, GET /health, GET /metrics");
        }
        return true;
    }

    private void get(Exchange x, Supplier<ObjectNode> body) {
        if (!HttpMethod.GET.is(x.request.getMethod())) {
            Body.discard(x.request, limits.maxBodyBytes());
            x.response.getHeaders().put(HttpHeader.ALLOW, "GET");
            x.error(405, "method_not_allowed", "use GET");
            return;
        }
        ObjectNode answer = body.get();
        // A load balancer or an orchestrator reads the status code: DEGRADED (Kafka or the registry failing) is 503.
        x.json("DEGRADED".equals(answer.path("status").asText()) ? 503 : 200, Answers.bytes(answer));
    }

    /** What a route does with an authorized, size-checked body. */
    interface BodyRoute {
        void take(Exchange x, byte[] body, ApiKey key, boolean alreadySampled);
    }

    private void ingest(Exchange x, BodyRoute route) {
        if (!HttpMethod.POST.is(x.request.getMethod())) {
            Body.discard(x.request, limits.maxBodyBytes());
            x.response.getHeaders().put(HttpHeader.ALLOW, "POST");
            x.error(405, "method_not_allowed", "use POST");
            return;
        }
        Optional<ApiKey> key = keys.lookup(bearer(x.request));
        if (key.isEmpty()) {
            Body.discard(x.request, limits.maxBodyBytes());
            metrics.rejected("unauthorized", 1);
            x.error(401, "unauthorized", x.request.getHeaders().get(HttpHeader.AUTHORIZATION) == null
                    ? "send an API key as 'Authorization: Bearer <key>'" : "the API key is not known");
            return;
        }
        byte[] body;
        try {
            body = Body.read(x.request, limits.maxBodyBytes());
        } catch (Body.TooLargeException e) {
            Body.discard(x.request, 4L * limits.maxBodyBytes());
            metrics.rejected("too_large", 1);
            x.error(413, "too_large", e.getMessage());
            return;
        } catch (Body.UnsupportedEncodingException e) {
            Body.discard(x.request, limits.maxBodyBytes());
            metrics.rejected("unsupported_media_type", 1);
            x.error(415, "unsupported_media_type", e.getMessage());
            return;
        } catch (IOException e) {
            metrics.rejected("bad_json", 1);
            x.error(400, "bad_body", "the body could not be read: " + e.getMessage());
            return;
        }
        boolean sampled = "true".equalsIgnoreCase(x.request.getHeaders().get(SAMPLED_HEADER));
        route.take(x, body, key.get(), sampled);
    }

    private void metricsBody(Exchange x, byte[] body, ApiKey key, boolean alreadySampled) {
        String type = x.request.getHeaders().get(HttpHeader.CONTENT_TYPE);
        if (!jsonLike(type)) {
            metrics.rejected("unsupported_media_type", 1);
            x.error(415, "unsupported_media_type", "send the events as application/json (got " + type + ")");
            return;
        }
        List<MappedEvent> events;
        try {
            events = EventJson.parse(body, System.currentTimeMillis(), limits.maxEvents());
        } catch (BadBodyException e) {
            metrics.rejected("bad_json", 1);
            x.error(400, "bad_json", e.getMessage());
            return;
        } catch (TooManyEventsException e) {
            metrics.rejected("too_large", 1);
            x.error(413, "too_large", e.getMessage());
            return;
        }
        answer(x, intake.take(events, key, alreadySampled), answers);
    }

    static void answer(Exchange x, CompletableFuture<IntakeResult> result, Executor on) {
        result.whenCompleteAsync((r, error) -> {
            if (error != null) {
                LOG.error("a request failed inside the gateway", error);
                x.error(500, "internal", "the gateway failed to handle the request: " + error);
                return;
            }
            Integer retryAfter = r.refusal() != null ? r.refusal().retryAfterSeconds()
                    : r.httpStatus() == 503 ? Integer.valueOf(2) : null;
            x.answer(r.httpStatus(), "application/json", Answers.events(r), retryAfter);
        }, on);
    }

    /**
     * JSON, or what a client sends when it does not say: curl's {@code -d} sends
     * {@code application/x-www-form-urlencoded} unless told otherwise, and a body that parses as JSON is taken
     * whatever that header says. Other types (protobuf, say) are refused.
     */
    private static boolean jsonLike(String type) {
        if (type == null) {
            return true;
        }
        String t = type.toLowerCase(java.util.Locale.ROOT).strip();
        return t.startsWith("application/json") || t.startsWith("application/x-www-form-urlencoded")
                || t.startsWith("text/plain") || t.startsWith("*/*");
    }

    private static String bearer(Request request) {
        String h = request.getHeaders().get(HttpHeader.AUTHORIZATION);
        if (h == null || h.length() < 7 || !h.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        return h.substring(7).strip();
    }
}
