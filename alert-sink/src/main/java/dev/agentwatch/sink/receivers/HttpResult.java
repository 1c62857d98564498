package dev.agentwatch.sink.receivers;

/**
 * What a POST came back with: a status and the start of the body, or a network failure (status 0) described
 * without the URL.
 */
public record HttpResult(int status, String body, String retryAfter, String networkError) {

    public static HttpResult failed(String description) {
        return new HttpResult(0, "", null, description);
    }

    public boolean isNetworkError() {
        return networkError != null;
    }
}
