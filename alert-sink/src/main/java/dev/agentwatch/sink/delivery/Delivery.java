package dev.agentwatch.sink.delivery;

import dev.agentwatch.sink.model.Notification;
import dev.agentwatch.sink.model.NotifiedAlert;
import dev.agentwatch.sink.offsets.Ticket;

import java.time.Instant;

/** One notification waiting in a queue, with its retry state. Guarded by its queue, but for its {@link #state()}. */
final class Delivery implements Receipt {

    Notification notification;
    final int partition;
    Instant firstAttemptAt;
    /** When the next send may be tried (once it is to be parked: when it may be handed to the dead-letter topic). */
    Instant notBefore;
    int attempts;
    /** Set once it is to be parked (refused, retries exhausted, pushed out of a full queue): why, for the header. */
    String parkReason;
    String parkDetail;
    private volatile State state = State.PENDING;

    Delivery(Notification notification, int partition, Instant now) {
        this.notification = notification;
        this.partition = partition;
        this.notBefore = now;
    }

    @Override
    public State state() {
        return state;
    }

    /** The receiver has it. */
    void delivered() {
        state = State.DELIVERED;
    }

    /** From now on only the dead-letter write is left to do: it will not be delivered. */
    void toPark(String reason, String detail, Instant now) {
        state = State.UNDELIVERED;
        parkReason = reason;
        parkDetail = detail;
        notBefore = now;
    }

    /** Gives back this delivery's hold on the records it carries. */
    void releaseTickets() {
        for (NotifiedAlert a : notification.alerts()) {
            a.tickets().forEach(Ticket::release);
        }
    }
}
