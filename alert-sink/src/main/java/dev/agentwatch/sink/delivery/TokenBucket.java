package dev.agentwatch.sink.delivery;

import java.time.Instant;

/**
 * A token bucket in its exact form (the generic cell rate algorithm): requests are spaced by 1/rate on average,
 * with up to {@code burst} at once after a quiet spell. It works on instants handed in, never on a clock of its
 * own, so tests can drive it with fake time and check the spacing to the nanosecond. Thread-safe, because queues
 * to the same webhook share one bucket.
 */
public final class TokenBucket {

    private final long intervalNanos;
    private final long toleranceNanos;
    /** The theoretical arrival time of the next request; null until the first one. */
    private Instant tat;

    public TokenBucket(RateLimit limit) {
        this.intervalNanos = Math.max(1, Math.round(1_000_000_000d / limit.perSecond()));
        this.toleranceNanos = (limit.burst() - 1) * intervalNanos;
    }

    /** The earliest instant, not before {@code now}, at which a request may go. */
    public synchronized Instant availableAt(Instant now) {
        if (tat == null) {
            return now;
        }
        Instant earliest = tat.minusNanos(toleranceNanos);
        return earliest.isAfter(now) ? earliest : now;
    }

    /** Spends one token; call only when {@link #availableAt} said {@code now}. */
    public synchronized void take(Instant now) {
        Instant base = tat == null || tat.isBefore(now) ? now : tat;
        tat = base.plusNanos(intervalNanos);
    }

    /**
     * Nothing goes before {@code until} (a 429's Retry-After for this endpoint), and then one request, not a
     * burst: the receiver just said it was overwhelmed.
     */
    public synchronized void pauseUntil(Instant until) {
        Instant pausedTat = until.plusNanos(toleranceNanos);
        if (tat == null || tat.isBefore(pausedTat)) {
            tat = pausedTat;
        }
    }

}
