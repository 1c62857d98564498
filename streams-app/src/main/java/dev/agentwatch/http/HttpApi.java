package dev.agentwatch.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/** The streams app's HTTP surface: one small server, each route a function that renders a response. */
public final class HttpApi implements AutoCloseable {

    /** A rendered response. */
    public record Response(int status, String contentType, String body) {
        public static Response json(int status, String body) {
            return new Response(status, "application/json", body);
        }

        public static Response text(int status, String body) {
            return new Response(status, "text/plain; version=0.0.4; charset=utf-8", body);
        }
    }

    private final HttpServer server;

    public HttpApi(String host, int port) throws IOException {
        server = HttpServer.create(new InetSocketAddress(host, port), 64);
        server.setExecutor(Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "http-api");
            t.setDaemon(true);
            return t;
        }));
    }

    public HttpApi route(String path, Supplier<Response> handler) {
        server.createContext(path, exchange -> {
            try (exchange) {
                if (!exchange.getRequestURI().getPath().equals(path)) {
                    send(exchange, Response.json(404, "{\"error\":\"not found\"}"));
                } else if (!"GET".equals(exchange.getRequestMethod())) {
                    send(exchange, Response.json(405, "{\"error\":\"only GET\"}"));
                } else {
                    send(exchange, handler.get());
                }
            } catch (RuntimeException e) {
                send(exchange, Response.json(500, "{\"error\":\"" + e.getClass().getSimpleName() + "\"}"));
            }
        });
        return this;
    }

    public void start() {
        server.start();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private static void send(HttpExchange exchange, Response r) throws IOException {
        byte[] body = r.body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", r.contentType());
        exchange.sendResponseHeaders(r.status(), body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
