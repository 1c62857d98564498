package dev.agentwatch.sink.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.agentwatch.sink.metrics.SinkMetrics;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * The sink's small HTTP surface: {@code GET /metrics} (Prometheus text) and {@code GET /health} (200 with
 * {@code {"status":"UP"}} while the sink reads and delivers, else 503 with {@code STARTING}, {@code STOPPING}, or
 * {@code DOWN} and a {@code reason}). Bound to loopback by default; one thread, since a scrape is cheap and nothing
 * else is served.
 */
public final class StatusServer implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final ExecutorService executor;

    private StatusServer(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /** Throws IllegalStateException naming the address when it cannot listen (a port already taken). */
    public static StatusServer start(String bindAddress, int port, SinkMetrics metrics, Supplier<Health> health) {
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(bindAddress, port), 16);
        } catch (IOException e) {
            throw new IllegalStateException("cannot serve /metrics and /health on " + bindAddress + ":" + port + " (" + e.getMessage()
                    + "); set AGENTWATCH_SINK_PORT or http.port in the sink's configuration", e);
        }
        server.createContext("/metrics", ex -> answer(ex, 200, "text/plain; version=0.0.4; charset=utf-8", metrics.scrape()));
        server.createContext("/health", ex -> {
            Health h = health.get();
            answer(ex, h.up() ? 200 : 503, "application/json", json(h));
        });
        ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "sink-http");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.start();
        return new StatusServer(server, executor);
    }

    private static String json(Health h) {
        Map<String, String> body = new LinkedHashMap<>();
        body.put("status", h.status());
        if (h.reason() != null) {
            body.put("reason", h.reason());
        }
        try {
            return JSON.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e); // two strings always make JSON
        }
    }

    /** The port listened on (the one picked when 0 was asked for). */
    public int port() {
        return server.getAddress().getPort();
    }

    private static void answer(HttpExchange ex, int status, String contentType, String body) throws IOException {
        try (ex) {
            boolean exact = ex.getRequestURI().getPath().equals(ex.getHttpContext().getPath());
            if (!exact) {
                send(ex, 404, "text/plain; charset=utf-8", "not found\n");
            } else if (!"GET".equals(ex.getRequestMethod()) && !"HEAD".equals(ex.getRequestMethod())) {
                ex.getResponseHeaders().set("Allow", "GET, HEAD");
                send(ex, 405, "text/plain; charset=utf-8", "method not allowed\n");
            } else {
                send(ex, status, contentType, body);
            }
        }
    }

    private static void send(HttpExchange ex, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", contentType);
        boolean head = "HEAD".equals(ex.getRequestMethod());
        ex.sendResponseHeaders(status, head ? -1 : bytes.length);
        if (!head) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
