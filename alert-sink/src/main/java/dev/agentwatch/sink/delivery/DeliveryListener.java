package dev.agentwatch.sink.delivery;

import dev.agentwatch.sink.model.Notification;

import java.time.Instant;
import java.util.List;

/** Observes what a queue does (metrics, tests checking the spacing of requests in fake time). */
public interface DeliveryListener {

    DeliveryListener NONE = new DeliveryListener() {
    };

    default void attempted(String integration, Notification n, Instant at) {
    }

    default void delivered(String integration, Notification n, int attempts, Instant at) {
    }

    /** @param cause a short code ({@code http-503}, {@code network}, {@code dead-letter}), never a receiver's words */
    default void retrying(String integration, Notification n, String cause, Instant next) {
    }

    default void parked(String integration, Notification n, String reason, Instant at) {
    }

    /** Neither delivered nor stored in the dead-letter topic, and no longer retried (logged with its coordinates). */
    default void abandoned(String integration, Notification n, String reason, Instant at) {
    }

    /** Tells each of {@code listeners}, in order. */
    static DeliveryListener all(DeliveryListener... listeners) {
        List<DeliveryListener> ls = List.of(listeners);
        return new DeliveryListener() {
            @Override
            public void attempted(String integration, Notification n, Instant at) {
                ls.forEach(l -> l.attempted(integration, n, at));
            }

            @Override
            public void delivered(String integration, Notification n, int attempts, Instant at) {
                ls.forEach(l -> l.delivered(integration, n, attempts, at));
            }

            @Override
            public void retrying(String integration, Notification n, String cause, Instant next) {
                ls.forEach(l -> l.retrying(integration, n, cause, next));
            }

            @Override
            public void parked(String integration, Notification n, String reason, Instant at) {
                ls.forEach(l -> l.parked(integration, n, reason, at));
            }

            @Override
            public void abandoned(String integration, Notification n, String reason, Instant at) {
                ls.forEach(l -> l.abandoned(integration, n, reason, at));
            }
        };
    }
}
