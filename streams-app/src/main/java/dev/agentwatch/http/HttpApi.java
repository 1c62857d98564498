package dev.agentwatch.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The streams app's HTTP surface: one small server, each route a function that renders a response. A route that
 * throws {@link IllegalArgumentException} answers 400 with its message (the request was wrong); anything else 500.
 */
public final class HttpApi implements AutoCloseable {

    /** A rendered response; {@code headers} are set after the defaults (Content-Type, Cache-Control), so they win. */
    public record Response(int status, String contentType, byte[] body, Map<String, String> headers) {
        public Response {
            headers = Map.copyOf(headers);
        }

        public Response(int status, String contentType, byte[] body) {
            this(status, contentType, body, Map.of());
        }

        /** A 302 to {@code location} (a path on this server). */
        public static Response redirect(String location) {
            return new Response(302, "text/plain; charset=utf-8", ("see " + location).getBytes(StandardCharsets.UTF_8),
                    Map.of("Location", location));
        }

        public static Response json(int status, String body) {
            return new Response(status, "application/json", body.getBytes(StandardCharsets.UTF_8));
        }

        public static Response text(int status, String body) {
            return new Response(status, "text/plain; version=0.0.4; charset=utf-8", body.getBytes(StandardCharsets.UTF_8));
        }

        public String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    /**
     * What a route is asked: the path, the query parameters (decoded, each with all its values, in order) and the
     * request headers (names lower case, first value).
     */
    public record Request(String path, Map<String, List<String>> query, Map<String, String> headers) {
        public String header(String name) {
            return headers.get(name.toLowerCase(java.util.Locale.ROOT));
        }
    }

    private final HttpServer server;

    public HttpApi(String host, int port) throws IOException {
        server = HttpServer.create(new InetSocketAddress(host, port), 64);
        server.setExecutor(Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "http-api");
            t.setDaemon(true);
            return t;
        }));
    }

    /** A route answering {@code path} exactly, whatever the query. */
    public HttpApi route(String path, Supplier<Response> handler) {
        return route(path, false, request -> handler.get());
    }

    /** A route answering {@code path} exactly, with the request. */
    public HttpApi route(String path, Function<Request, Response> handler) {
        return route(path, false, handler);
    }

    /** A route answering every path under {@code prefix} (which ends with '/'). */
    public HttpApi routeUnder(String prefix, Function<Request, Response> handler) {
        if (!prefix.endsWith("/")) {
            throw new IllegalArgumentException("a prefix route ends with '/': " + prefix);
        }
        return route(prefix, true, handler);
    }

    private HttpApi route(String path, boolean prefix, Function<Request, Response> handler) {
        server.createContext(path, exchange -> {
            try (exchange) {
                String asked = exchange.getRequestURI().getPath();
                if (prefix ? !asked.startsWith(path) : !asked.equals(path)) {
                    send(exchange, Response.json(404, "{\"error\":\"not found\"}"));
                } else if (!"GET".equals(exchange.getRequestMethod()) && !"HEAD".equals(exchange.getRequestMethod())) {
                    exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                    send(exchange, Response.json(405, "{\"error\":\"only GET\"}"));
                } else {
                    send(exchange, answer(handler, request(exchange, asked)));
                }
            }
        });
        return this;
    }

    private static Response answer(Function<Request, Response> handler, Request request) {
        try {
            return handler.apply(request);
        } catch (IllegalArgumentException e) {
            return Response.json(400, "{\"error\":" + quoted(String.valueOf(e.getMessage())) + "}");
        } catch (RuntimeException e) {
            return Response.json(500, "{\"error\":" + quoted(e.getClass().getSimpleName()) + "}");
        }
    }

    private static Request request(HttpExchange exchange, String path) {
        Map<String, String> headers = new LinkedHashMap<>();
        exchange.getRequestHeaders().forEach((k, v) -> {
            if (!v.isEmpty()) {
                headers.put(k.toLowerCase(java.util.Locale.ROOT), v.get(0));
            }
        });
        return new Request(path, query(exchange.getRequestURI().getRawQuery()), Map.copyOf(headers));
    }

    /** Decodes {@code a=1&b=x%20y&a=2}: '+' is a space, as browsers and curl -G send it. */
    static Map<String, List<String>> query(String raw) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            out.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
        }
        return out;
    }

    private static String quoted(String s) {
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else if (c < 0x20) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.append('"').toString();
    }

    public void start() {
        server.start();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private static void send(HttpExchange exchange, Response r) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", r.contentType());
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        r.headers().forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
        boolean head = "HEAD".equals(exchange.getRequestMethod());
        exchange.sendResponseHeaders(r.status(), head ? -1 : r.body().length);
        if (!head) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(r.body());
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
