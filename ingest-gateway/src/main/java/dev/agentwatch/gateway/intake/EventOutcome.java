package dev.agentwatch.gateway.intake;

import dev.agentwatch.gateway.json.FieldError;

import java.util.List;

/**
 * What became of one event of a request, as the answer reports it.
 *
 * @param eventId the event's id (the gateway's own when the client sent none), null if it could not be mapped
 */
public record EventOutcome(int index, String eventId, Status status, List<FieldError> errors, String cause) {

    public enum Status {
        /** Kafka acknowledged it. */
        ACCEPTED,
        /** The sampling policy in effect left it out; nothing to resend. */
        SAMPLED_OUT,
        /** Invalid: the errors say why; resending it unchanged fails again. */
        REJECTED,
        /** Kafka (or the registry) did not take it: resend it, with the same event_id. */
        FAILED
    }

    public static EventOutcome accepted(int index, String id) {
        return new EventOutcome(index, id, Status.ACCEPTED, List.of(), null);
    }

    public static EventOutcome sampledOut(int index, String id) {
        return new EventOutcome(index, id, Status.SAMPLED_OUT, List.of(), null);
    }

    public static EventOutcome rejected(int index, String id, List<FieldError> errors) {
        return new EventOutcome(index, id, Status.REJECTED, List.copyOf(errors), null);
    }

    public static EventOutcome failed(int index, String id, String cause, String message) {
        return new EventOutcome(index, id, Status.FAILED, List.of(new FieldError("", message)), cause);
    }
}
