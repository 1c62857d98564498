package dev.agentwatch.sink.http;

/** What {@code /health} says: a status, and for DOWN why (no secrets: built from our own words and Kafka's). */
public record Health(String status, String reason) {

    public static final String UP = "UP";
    public static final String DOWN = "DOWN";

    public static Health of(String status) {
        return new Health(status, null);
    }

    public static Health down(String reason) {
        return new Health(DOWN, reason);
    }

    public boolean up() {
        return UP.equals(status);
    }
}
