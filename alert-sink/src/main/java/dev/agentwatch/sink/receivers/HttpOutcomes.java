package dev.agentwatch.sink.receivers;

import dev.agentwatch.sink.delivery.Outcome;
import dev.agentwatch.sink.delivery.RetryAfter;

import java.time.Instant;

/**
 * The retry-or-park decision every HTTP receiver shares: 2xx delivered; network errors, 408, 429 (honouring
 * Retry-After) and 5xx retried; any other 4xx parked, because sending the same request again cannot help.
 */
final class HttpOutcomes {

    private HttpOutcomes() {
    }

    static Outcome classify(HttpResult r, Instant now) {
        if (r.isNetworkError()) {
            return new Outcome.Retry(null, "network", "network: " + r.networkError());
        }
        int s = r.status();
        if (s >= 200 && s < 300) {
            return Outcome.DELIVERED;
        }
        if (s == 429) {
            return new Outcome.Retry(RetryAfter.parse(r.retryAfter(), now).orElse(null), "http-429", "http 429 " + r.body().strip());
        }
        if (s == 408 || s >= 500) {
            return new Outcome.Retry(null, "http-" + s, "http " + s + " " + r.body().strip());
        }
        return new Outcome.Park("http-" + s, r.body().strip());
    }
}
