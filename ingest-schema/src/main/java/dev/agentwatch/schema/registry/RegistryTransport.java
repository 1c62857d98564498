package dev.agentwatch.schema.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Sends one JSON request to the registry and hands back its answer. Owns timeouts, credentials, fail-over
 * between base URLs and the mapping of "the registry is not there" into {@link SchemaRegistryUnavailableException};
 * what a 4xx means is left to the caller, who knows which call it made.
 */
final class RegistryTransport {

    static final ObjectMapper JSON = new ObjectMapper();
    private static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    private static final String ACCEPT = "application/vnd.schemaregistry.v1+json, application/json";
    private static final int MAX_BODY_IN_MESSAGES = 500;

    private final SchemaRegistryClientConfig config;
    private final HttpClient http;
    private final String authorization;
    private final long deadlineMillis;

    RegistryTransport(SchemaRegistryClientConfig config) {
        this.config = config;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1) // no h2c upgrade dance with a plain-HTTP registry
                .connectTimeout(config.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER) // a redirect must not carry our credentials elsewhere
                .build();
        this.authorization = config.basicAuthUserInfo()
                .map(u -> "Basic " + Base64.getEncoder().encodeToString(u.getBytes(StandardCharsets.UTF_8)))
                .orElse(null);
        // The request timeout of java.net.http stops at the response headers; this bounds the body as well.
        this.deadlineMillis = config.connectTimeout().toMillis() + config.readTimeout().toMillis();
    }

    /** An answer with a status below 500 (5xx, 408 and 429 are thrown as unavailable). */
    record Response(int status, String body, URI url) {

        boolean ok() {
            return status >= 200 && status < 300;
        }

        /** The body as JSON; a 2xx body that is not JSON is the registry's fault. */
        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new MalformedRegistryResponseException(
                        "Schema registry at " + url + " answered HTTP " + status + " with a body that is not JSON: "
                                + shortBody(), e);
            }
        }

        /** Confluent's {@code error_code}, or -1. */
        int errorCode() {
            JsonNode code = lenientJson().path("error_code");
            return code.isInt() ? code.intValue() : -1;
        }

        /** Confluent's {@code message}, or the raw body. */
        String registryMessage() {
            JsonNode message = lenientJson().path("message");
            return message.isTextual() ? message.textValue() : shortBody();
        }

        String shortBody() {
            return body.length() <= MAX_BODY_IN_MESSAGES ? body : body.substring(0, MAX_BODY_IN_MESSAGES) + "...";
        }

        /** The generic failure for a status the caller has no better exception for. */
        SchemaRegistryRequestException failure(String what) {
            return new SchemaRegistryRequestException(
                    what + " failed: schema registry at " + url + " answered HTTP " + status + describeError(),
                    status, errorCode(), shortBody());
        }

        /** ", error_code N: message" for messages. */
        String describeError() {
            int code = errorCode();
            return (code >= 0 ? " (error_code " + code + ")" : "") + ": " + registryMessage();
        }

        private JsonNode lenientJson() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                return JSON.missingNode();
            }
        }
    }

    Response get(String pathAndQuery) {
        return send("GET", pathAndQuery, null);
    }

    Response send(String method, String pathAndQuery, JsonNode body) {
        SchemaRegistryUnavailableException failure = null;
        for (URI base : config.baseUrls()) {
            try {
                return sendOnce(method, URI.create(base + pathAndQuery), body);
            } catch (SchemaRegistryUnavailableException e) {
                if (failure != null) {
                    e.addSuppressed(failure);
                }
                failure = e;
            }
        }
        throw failure;
    }

    private Response sendOnce(String method, URI url, JsonNode body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(url)
                .timeout(config.readTimeout())
                .header("Accept", ACCEPT);
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", CONTENT_TYPE)
                    .method(method, HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8));
        }
        CompletableFuture<HttpResponse<String>> call =
                http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        HttpResponse<String> response;
        try {
            response = call.get(deadlineMillis, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            call.cancel(true);
            throw new SchemaRegistryUnavailableException(
                    "Schema registry at " + url + " did not answer " + method + " within " + deadlineMillis + " ms", e);
        } catch (InterruptedException e) {
            call.cancel(true);
            Thread.currentThread().interrupt();
            throw new SchemaRegistryUnavailableException(
                    "Interrupted while waiting for the schema registry at " + url, e);
        } catch (ExecutionException e) {
            throw unreachable(method, url, e.getCause());
        }
        Response answer = new Response(response.statusCode(), response.body() == null ? "" : response.body(), url);
        int status = answer.status();
        if (status >= 500 || status == 408 || status == 429) {
            throw new SchemaRegistryUnavailableException(
                    "Schema registry at " + url + " answered " + method + " with HTTP " + status
                            + answer.describeError());
        }
        return answer;
    }

    private SchemaRegistryException unreachable(String method, URI url, Throwable cause) {
        if (cause instanceof HttpConnectTimeoutException) {
            return new SchemaRegistryUnavailableException("Could not connect to the schema registry at " + url
                    + " within " + config.connectTimeout().toMillis() + " ms", cause);
        }
        if (cause instanceof HttpTimeoutException) {
            return new SchemaRegistryUnavailableException("Schema registry at " + url + " did not answer " + method
                    + " within " + config.readTimeout().toMillis() + " ms", cause);
        }
        if (cause instanceof ConnectException) {
            return new SchemaRegistryUnavailableException(
                    "Could not connect to the schema registry at " + url + " (connection refused or unreachable)",
                    cause);
        }
        if (cause instanceof IOException) {
            return new SchemaRegistryUnavailableException(
                    "I/O error talking to the schema registry at " + url + ": " + cause, cause);
        }
        return new SchemaRegistryException("Unexpected failure calling the schema registry at " + url + ": " + cause,
                cause);
    }

    /** Java 21+ clients hold threads that close() releases; on 17 there is nothing to release. */
    void close() {
        if (http instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception ignored) {
                // Closing is best effort; the client is unusable afterwards either way.
            }
        }
    }
}
