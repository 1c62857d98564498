package dev.agentwatch.gateway;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;

/**
 * The HTTP ingestion gateway. So far it only answers {@code GET /health}; {@code POST /v1/metrics} comes
 * with the gateway issue.
 */
public final class GatewayMain {

    public static final String PORT_ENV = "AGENTWATCH_GATEWAY_PORT";

    public static void main(String[] args) throws IOException, InterruptedException {
        int port = Optional.ofNullable(System.getenv(PORT_ENV)).map(Integer::parseInt).orElse(8088);
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 64);
        server.createContext("/health", exchange -> {
            byte[] body = "{\"status\":\"UP\"}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.stop(1);
            stopped.countDown();
        }, "shutdown"));
        server.start();
        System.out.println("gateway listening on http://127.0.0.1:" + port);
        stopped.await();
    }
}
