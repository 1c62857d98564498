package dev.agentwatch.gateway.http;

import dev.agentwatch.gateway.metrics.GatewayMetrics;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

import java.nio.ByteBuffer;

/** One request being answered: writes the answer once and counts it under its route. */
final class Exchange {

    final Request request;
    final Response response;
    private final Callback callback;
    private final String route;
    private final GatewayMetrics metrics;

    Exchange(Request request, Response response, Callback callback, String route, GatewayMetrics metrics) {
        this.request = request;
        this.response = response;
        this.callback = callback;
        this.route = route;
        this.metrics = metrics;
    }

    void answer(int status, String contentType, byte[] body) {
        answer(status, contentType, body, null);
    }

    void answer(int status, String contentType, byte[] body, Integer retryAfterSeconds) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
        if (retryAfterSeconds != null) {
            response.getHeaders().put(HttpHeader.RETRY_AFTER, Integer.toString(retryAfterSeconds));
        }
        if (status == 401) {
            response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, "Bearer realm=\"agentwatch\"");
        }
        metrics.request(route, status);
        response.write(true, ByteBuffer.wrap(body), callback);
    }

    void json(int status, byte[] body) {
        answer(status, "application/json", body);
    }

    void error(int status, String error, String message) {
        json(status, Answers.error(error, message));
    }

    void error(int status, String error, String message, Integer retryAfterSeconds) {
        answer(status, "application/json", Answers.error(error, message), retryAfterSeconds);
    }
}
