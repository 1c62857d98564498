package dev.agentwatch.sink.receivers;

import dev.agentwatch.sink.secrets.Redactor;
import dev.agentwatch.sink.secrets.Secret;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * POSTs JSON with {@link HttpClient}. Never throws: failures come back as {@link HttpResult}s whose text was
 * scrubbed of secrets, because a webhook URL is the secret and HTTP libraries like to quote it.
 */
public final class HttpPoster {

    /** Receivers' error bodies are short; we keep enough of them for a dead-letter header. */
    private static final int MAX_BODY = 1_000;

    private final HttpClient client;
    private final Duration timeout;

    public HttpPoster(Duration timeout) {
        this.timeout = timeout;
        this.client = HttpClient.newBuilder()
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    public HttpResult postJson(Secret url, String json) {
        HttpRequest request;
        try {
            request = HttpRequest.newBuilder(URI.create(url.reveal()))
                    .timeout(timeout)
                    .header("Content-Type", "application/json")
                    .header("User-Agent", "agentwatch-alert-sink")
                    .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8))
                    .build();
        } catch (IllegalArgumentException e) {
            return HttpResult.failed("the URL from " + url.origin() + " is not a valid http(s) URL");
        }
        try {
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            String body = response.body() == null ? "" : response.body();
            if (body.length() > MAX_BODY) {
                body = body.substring(0, MAX_BODY);
            }
            return new HttpResult(response.statusCode(), Redactor.scrub(body),
                    response.headers().firstValue("Retry-After").orElse(null), null);
        } catch (IOException e) {
            return HttpResult.failed(Redactor.describe(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return HttpResult.failed("interrupted");
        }
    }
}
