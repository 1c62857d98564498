package dev.agentwatch.sink.grouping;

import dev.agentwatch.schema.AlertEvent;
import dev.agentwatch.schema.AlertStatus;
import dev.agentwatch.sink.model.GroupKey;
import dev.agentwatch.sink.model.NotifiedAlert;
import dev.agentwatch.sink.model.SourceRecord;
import dev.agentwatch.sink.offsets.Ticket;
import dev.agentwatch.sink.routing.Route;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The alerts of one group and when the group flushes next: {@code group_wait} after it was created, then every
 * {@code group_interval}. A flush hands out the group's state and forgets the resolved alerts in it; a group
 * with no alerts left is dropped by {@link Grouper}.
 */
final class AlertGroup {

    private static final class Entry {
        AlertEvent latest;
        Map<String, String> labels;
        SourceRecord source;
        final List<Ticket> tickets = new ArrayList<>();
        boolean firingSeen;
    }

    private final GroupKey key;
    private final Route route;
    private final Map<String, Entry> alerts = new LinkedHashMap<>();
    private Instant nextFlush;

    AlertGroup(GroupKey key, Route route, Instant createdAt) {
        this.key = key;
        this.route = route;
        this.nextFlush = createdAt.plus(route.timings().groupWait());
    }

    /** Takes a hold on the ticket until the next flush hands it on. */
    void add(AlertEvent event, Map<String, String> labels, Ticket ticket, SourceRecord source) {
        Entry e = alerts.computeIfAbsent(event.getFingerprint(), fp -> new Entry());
        e.latest = event;
        e.labels = labels;
        e.source = source;
        e.firingSeen |= event.getStatus() == AlertStatus.FIRING;
        ticket.hold();
        e.tickets.add(ticket);
    }

    Instant nextFlush() {
        return nextFlush;
    }

    GroupSnapshot flush(Instant now) {
        List<NotifiedAlert> out = new ArrayList<>(alerts.size());
        Set<String> unknownHistory = new HashSet<>();
        for (Iterator<Map.Entry<String, Entry>> it = alerts.entrySet().iterator(); it.hasNext(); ) {
            Entry e = it.next().getValue();
            out.add(new NotifiedAlert(e.latest, e.labels, e.tickets, e.source));
            e.tickets.clear();
            if (e.latest.getStatus() == AlertStatus.RESOLVED) {
                if (!e.firingSeen) {
                    unknownHistory.add(e.latest.getFingerprint());
                }
                it.remove();
            }
        }
        nextFlush = now.plus(route.timings().groupInterval());
        return new GroupSnapshot(key, route, key.labels(), out, unknownHistory, alerts.isEmpty(), now);
    }

    /** Tickets not yet handed on, for a partition that is taken away (their records will be consumed again elsewhere). */
    void abandon() {
        alerts.clear();
    }
}
