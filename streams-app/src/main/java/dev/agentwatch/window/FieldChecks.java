package dev.agentwatch.window;

/**
 * The values {@link SliceAggregate} takes for an event's fields. Callers validate events before; these guard
 * an aggregate's state, so they run before anything is changed.
 */
final class FieldChecks {

    private FieldChecks() {
    }

    /** @throws IllegalArgumentException unless {@code weight} is finite and > 0 */
    static void checkWeight(double weight) {
        if (!(weight > 0) || weight == Double.POSITIVE_INFINITY) {
            throw new IllegalArgumentException("weight must be finite and > 0: " + weight);
        }
    }

    /** @throws IllegalArgumentException if {@code value} is negative or infinite (NaN, not reported, passes) */
    static void checkNonNegative(String field, double value) {
        if (value < 0 || value == Double.POSITIVE_INFINITY) {
            throw new IllegalArgumentException(field + " must be finite and >= 0: " + value);
        }
    }

    /** @throws IllegalArgumentException if {@code name} is null or {@code value} is not finite */
    static void checkCustomMetric(String name, double value) {
        if (name == null) {
            throw new IllegalArgumentException("custom metric name is null");
        }
        if (value != value || value == Double.POSITIVE_INFINITY || value == Double.NEGATIVE_INFINITY) {
            throw new IllegalArgumentException("custom metric " + name + " must be finite: " + value);
        }
    }
}
