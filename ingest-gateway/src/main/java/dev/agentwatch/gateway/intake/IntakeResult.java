package dev.agentwatch.gateway.intake;

import java.util.List;

/**
 * The answer to one request's events: either refused whole before anything was sent ({@link Refusal}), or each
 * event's outcome.
 */
public record IntakeResult(Refusal refusal, List<EventOutcome> outcomes) {

    /** A request refused whole: nothing of it was sent. */
    public record Refusal(int status, String error, String message, Integer retryAfterSeconds) {
    }

    public static IntakeResult refused(int status, String error, String message, Integer retryAfterSeconds) {
        return new IntakeResult(new Refusal(status, error, message, retryAfterSeconds), List.of());
    }

    public static IntakeResult of(List<EventOutcome> outcomes) {
        return new IntakeResult(null, List.copyOf(outcomes));
    }

    public long count(EventOutcome.Status s) {
        long n = 0;
        for (EventOutcome o : outcomes) {
            if (o.status() == s) {
                n++;
            }
        }
        return n;
    }

    /**
     * The HTTP status: 200 all taken (sent or sampled out); 503 some not taken by Kafka (resend those); 400 none
     * valid; 207 some rejected, the rest taken.
     */
    public int httpStatus() {
        if (refusal != null) {
            return refusal.status();
        }
        if (count(EventOutcome.Status.FAILED) > 0) {
            return 503;
        }
        long rejected = count(EventOutcome.Status.REJECTED);
        if (rejected == 0) {
            return 200;
        }
        return rejected == outcomes.size() ? 400 : 207;
    }
}
