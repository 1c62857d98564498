package dev.agentwatch.sink.delivery;

import java.time.Duration;

/** What one delivery attempt came to. */
public sealed interface Outcome {

    /** The receiver has it. */
    record Delivered() implements Outcome {
    }

    /**
     * Try again later: after {@code retryAfter} when the receiver said so (429 with Retry-After), else after the
     * backoff. {@code cause} is a short code from a small set ({@code http-503}, {@code network}) for metrics;
     * {@code reason} is for logs and, if retries run out, the dead-letter header.
     */
    record Retry(Duration retryAfter, String cause, String reason) implements Outcome {
    }

    /** The receiver refused it for good: park it in the dead-letter topic with this reason. */
    record Park(String reason, String detail) implements Outcome {
    }

    Outcome DELIVERED = new Delivered();
}
