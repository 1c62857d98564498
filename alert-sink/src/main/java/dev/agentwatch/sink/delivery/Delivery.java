package dev.agentwatch.sink.delivery;

import dev.agentwatch.sink.model.Notification;
import dev.agentwatch.sink.model.NotifiedAlert;
import dev.agentwatch.sink.offsets.Ticket;

import java.time.Instant;

/** One notification waiting in a queue, with its retry state. Guarded by its queue. */
final class Delivery {

    Notification notification;
    final int partition;
    final Instant enqueuedAt;
    Instant firstAttemptAt;
    Instant notBefore;
    int attempts;
    /** Set once the receiver refused it: only the write to the dead-letter topic is left to do (and retried). */
    String parkReason;
    String parkDetail;

    Delivery(Notification notification, int partition, Instant now) {
        this.notification = notification;
        this.partition = partition;
        this.enqueuedAt = now;
        this.notBefore = now;
    }

    /** Gives back this delivery's hold on the records it carries. */
    void releaseTickets() {
        for (NotifiedAlert a : notification.alerts()) {
            a.tickets().forEach(Ticket::release);
        }
    }
}
