package dev.agentwatch.sink.grouping;

import dev.agentwatch.sink.model.GroupKey;
import dev.agentwatch.sink.model.NotifiedAlert;
import dev.agentwatch.sink.offsets.Ticket;
import dev.agentwatch.sink.routing.Route;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One flush of a group: every alert it holds (firing, and resolved since the last flush), with the tickets of
 * the records that arrived since. {@code unknownHistory} names resolved alerts whose FIRING this instance never
 * saw (it was consumed before a restart), so they may have been notified and their resolution must be sent.
 */
public record GroupSnapshot(GroupKey key, Route route, Map<String, String> groupLabels, List<NotifiedAlert> alerts,
                            Set<String> unknownHistory, boolean groupGone, Instant at) {

    public GroupSnapshot {
        alerts = List.copyOf(alerts);
        unknownHistory = Set.copyOf(unknownHistory);
    }

    public GroupSnapshot withAlerts(List<NotifiedAlert> kept) {
        return new GroupSnapshot(key, route, groupLabels, kept, unknownHistory, groupGone, at);
    }

    /** Gives back the group's hold on every record in this flush: called once the notify stage took its own. */
    public void releaseTickets() {
        for (NotifiedAlert a : alerts) {
            a.tickets().forEach(Ticket::release);
        }
    }
}
