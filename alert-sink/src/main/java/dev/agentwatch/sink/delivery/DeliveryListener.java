package dev.agentwatch.sink.delivery;

import dev.agentwatch.sink.model.Notification;

import java.time.Instant;

/** Observes what a queue does (metrics, tests checking the spacing of requests in fake time). */
public interface DeliveryListener {

    DeliveryListener NONE = new DeliveryListener() {
    };

    default void attempted(String integration, Notification n, Instant at) {
    }

    default void delivered(String integration, Notification n, int attempts, Instant at) {
    }

    default void retrying(String integration, Notification n, String reason, Instant next) {
    }

    default void parked(String integration, Notification n, String reason, Instant at) {
    }
}
