package dev.agentwatch.sdk.transport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.agentwatch.sampling.SamplingPolicy;
import dev.agentwatch.schema.MetricEvent;
import dev.agentwatch.sdk.Transport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Through the HTTP gateway: {@code POST /v1/metrics} with the batch as a JSON array, {@code Authorization: Bearer}
 * and {@code X-Agentwatch-Sampled: true} (the SDK sampled already). The gateway answers only once Kafka has the
 * events. 429 and 503 are retried after their {@code Retry-After}, network errors with backoff, up to
 * {@code maxAttempts}; an event the gateway refuses as invalid is counted rejected, not retried. The sampling
 * policy comes from {@code GET /v1/sampling}, fetched again every {@code policyRefresh}.
 */
public final class GatewayTransport implements Transport {

    private static final Logger LOG = LoggerFactory.getLogger(GatewayTransport.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration MAX_RETRY_AFTER = Duration.ofSeconds(30);

    private final HttpClient http;
    private final URI events;
    private final URI sampling;
    private final String authorization;
    private final int maxAttempts;
    private final Duration requestTimeout;
    private final Duration policyRefresh;
    private final AtomicReference<SamplingPolicy> policy = new AtomicReference<>(SamplingPolicy.NONE);
    private volatile long policyFetchedNanos;

    private GatewayTransport(Builder b) {
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        String base = b.gateway.toString().replaceAll("/+$", "");
        this.events = URI.create(base + "/v1/metrics");
        this.sampling = URI.create(base + "/v1/sampling");
        this.authorization = "Bearer " + b.apiKey;
        this.maxAttempts = b.maxAttempts;
        this.requestTimeout = b.requestTimeout;
        this.policyRefresh = b.policyRefresh;
        this.policyFetchedNanos = System.nanoTime() - policyRefresh.toNanos();
        refreshPolicy();
    }

    public static Builder builder(URI gateway, String apiKey) {
        return new Builder(gateway, apiKey);
    }

    @Override
    public Result send(List<MetricEvent> batch) throws InterruptedException {
        if (System.nanoTime() - policyFetchedNanos >= policyRefresh.toNanos()) {
            refreshPolicy();
        }
        HttpRequest request = HttpRequest.newBuilder(events)
                .timeout(requestTimeout)
                .header("Content-Type", "application/json")
                .header("Authorization", authorization)
                .header("X-Agentwatch-Sampled", "true")
                .POST(HttpRequest.BodyPublishers.ofByteArray(EventsJson.write(batch)))
                .build();
        String lastProblem = "";
        for (int attempt = 1; attempt <= maxAttempts; attempt++) {
            Duration wait;
            try {
                HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
                int status = r.statusCode();
                Result answered = status == 200 || status == 207 || status == 400 ? outcome(r.body(), batch.size()) : null;
                if (answered != null) {
                    return answered;
                }
                lastProblem = status + " " + abbreviated(r.body());
                if (status != 429 && status != 503) {
                    // 401, 403, 413, a 400 for the whole body: sending it again cannot help
                    LOG.warn("agentwatch: the gateway refused a batch of {} events: {}", batch.size(), lastProblem);
                    return Result.allFailed(batch.size());
                }
                wait = retryAfter(r).orElse(backoff(attempt));
            } catch (IOException e) {
                lastProblem = e.toString();
                wait = backoff(attempt);
            }
            if (attempt < maxAttempts) {
                Thread.sleep(wait.toMillis());
            }
        }
        LOG.warn("agentwatch: a batch of {} events failed after {} attempts: {}", batch.size(), maxAttempts, lastProblem);
        return Result.allFailed(batch.size());
    }

    /** The per-event answer; null when the body is not one (a 400 for the whole request has no results). */
    private static Result outcome(String body, int size) {
        try {
            JsonNode o = JSON.readTree(body);
            if (!o.has("results")) {
                return null;
            }
            int accepted = o.path("accepted").asInt() + o.path("sampled_out").asInt();
            int rejected = o.path("rejected").asInt();
            int failed = o.path("failed").asInt();
            if (accepted + rejected + failed != size) {
                // an answer that does not add up: trust only what it says was accepted
                return new Result(Math.min(accepted, size), 0, size - Math.min(accepted, size));
            }
            if (rejected > 0) {
                LOG.warn("agentwatch: the gateway refused {} of {} events as invalid: {}", rejected, size, abbreviated(body));
            }
            return new Result(accepted, rejected, failed);
        } catch (IOException e) {
            return null;
        }
    }

    /** The gateway's Retry-After (seconds), at most 30 s. */
    private static java.util.Optional<Duration> retryAfter(HttpResponse<?> r) {
        return r.headers().firstValue("Retry-After").flatMap(v -> {
            try {
                long s = Long.parseLong(v.strip());
                return java.util.Optional.of(Duration.ofSeconds(Math.max(0, Math.min(s, MAX_RETRY_AFTER.toSeconds()))));
            } catch (NumberFormatException notSeconds) {
                return java.util.Optional.empty();
            }
        });
    }

    private static Duration backoff(int attempt) {
        long ms = Math.min(5_000, 200L << Math.min(attempt - 1, 5));
        return Duration.ofMillis(ms / 2 + java.util.concurrent.ThreadLocalRandom.current().nextLong(ms / 2 + 1));
    }

    private void refreshPolicy() {
        policyFetchedNanos = System.nanoTime();
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(sampling).timeout(Duration.ofSeconds(5))
                    .header("Authorization", authorization).GET().build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                LOG.warn("agentwatch: GET {} answered {}; keeping the sampling policy {}", sampling, r.statusCode(), policy.get());
                return;
            }
            Map<String, Double> fractions = new HashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = JSON.readTree(r.body()).path("policy").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> f = it.next();
                fractions.put(f.getKey(), f.getValue().asDouble());
            }
            SamplingPolicy p = SamplingPolicy.of(fractions);
            if (!p.equals(policy.getAndSet(p))) {
                LOG.info("agentwatch: sampling policy in effect: {}", p);
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("agentwatch: could not fetch the sampling policy from {}: {}; keeping {}", sampling, e.toString(), policy.get());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public SamplingPolicy samplingPolicy() {
        return policy.get();
    }

    @Override
    public void close() {
        // java.net.http.HttpClient has no close() before Java 21; its threads end with the last reference.
    }

    private static String abbreviated(String body) {
        return body.length() <= 300 ? body : body.substring(0, 300) + "...";
    }

    /** The gateway's base URI and an API key are required. */
    public static final class Builder {
        private final URI gateway;
        private final String apiKey;
        private int maxAttempts = 5;
        private Duration requestTimeout = Duration.ofSeconds(60);
        private Duration policyRefresh = Duration.ofSeconds(30);

        private Builder(URI gateway, String apiKey) {
            this.gateway = Objects.requireNonNull(gateway, "gateway");
            this.apiKey = Objects.requireNonNull(apiKey, "apiKey");
        }

        public Builder maxAttempts(int n) { this.maxAttempts = Math.max(1, n); return this; }
        /** Longer than the gateway's delivery timeout (30 s), since it answers only once Kafka has the events. */
        public Builder requestTimeout(Duration d) { this.requestTimeout = Objects.requireNonNull(d); return this; }
        public Builder policyRefresh(Duration d) { this.policyRefresh = Objects.requireNonNull(d); return this; }

        public GatewayTransport build() {
            return new GatewayTransport(this);
        }
    }
}
