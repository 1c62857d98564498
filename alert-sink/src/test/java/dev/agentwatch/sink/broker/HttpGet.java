package dev.agentwatch.sink.broker;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** GETs the sink's {@code /metrics} and {@code /health} over real HTTP, as Prometheus and a probe would. */
final class HttpGet {

    record Answer(int status, String contentType, String body) {
    }

    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private HttpGet() {
    }

    static Answer get(int port, String path) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(10)).build();
        try {
            HttpResponse<String> r = CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
            return new Answer(r.statusCode(), r.headers().firstValue("Content-Type").orElse(""), r.body());
        } catch (IOException e) {
            throw new AssertionError("GET " + path + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** One sample of the sink's {@code /metrics} now, or 0 when the series is absent. */
    static double metric(int port, String series) {
        return sample(get(port, "/metrics").body(), series);
    }

    /** The value of one Prometheus sample line ({@code name{labels} value}), or 0 when the series is absent. */
    static double sample(String metrics, String series) {
        for (String line : metrics.lines().toList()) {
            if (line.startsWith(series + " ")) {
                return Double.parseDouble(line.substring(series.length() + 1).strip());
            }
        }
        return 0;
    }
}
