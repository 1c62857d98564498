package dev.agentwatch.gateway.kafka;

/**
 * How Kafka answered for one event: acknowledged by every in-sync replica, or not taken, with why. A failed
 * event may still have been written (a timeout after the broker wrote it): a resend with the same
 * {@code event_id} is then counted once by the streams app.
 *
 * @param cause {@code kafka} (broker unreachable, timeout, not enough replicas) or {@code registry} (the schema
 *              registry could not give the schema id); null when acknowledged
 */
public record Delivery(boolean acknowledged, String cause, String message) {

    public static final Delivery ACKNOWLEDGED = new Delivery(true, null, null);

    public static Delivery failed(String cause, String message) {
        return new Delivery(false, cause, message);
    }
}
