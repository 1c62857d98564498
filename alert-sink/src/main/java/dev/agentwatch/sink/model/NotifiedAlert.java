package dev.agentwatch.sink.model;

import dev.agentwatch.schema.AlertEvent;
import dev.agentwatch.schema.AlertStatus;
import dev.agentwatch.sink.offsets.Ticket;

import java.util.List;
import java.util.Map;

/**
 * One alert as a notification carries it: its latest event, its label set, the tickets of the records it
 * stands for (released when the notification is delivered or parked) and where its latest record came from.
 */
public record NotifiedAlert(AlertEvent event, Map<String, String> labels, List<Ticket> tickets, SourceRecord source) {

    public NotifiedAlert {
        tickets = List.copyOf(tickets);
    }

    public String fingerprint() {
        return event.getFingerprint();
    }

    public boolean firing() {
        return event.getStatus() == AlertStatus.FIRING;
    }

}
