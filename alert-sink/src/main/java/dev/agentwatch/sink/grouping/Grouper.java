package dev.agentwatch.sink.grouping;

import dev.agentwatch.schema.AlertEvent;
import dev.agentwatch.sink.model.GroupKey;
import dev.agentwatch.sink.model.SourceRecord;
import dev.agentwatch.sink.offsets.Ticket;
import dev.agentwatch.sink.routing.Route;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Third stage: puts each routed alert into its group (by partition, route and the route's {@code group_by}
 * labels) and says which groups are due to flush. Owned by one thread.
 */
public final class Grouper {

    private final Map<GroupKey, AlertGroup> groups = new HashMap<>();

    public void add(Route route, int partition, AlertEvent event, Map<String, String> labels, Ticket ticket,
                    SourceRecord source, Instant now) {
        GroupKey key = GroupKey.of(partition, route.id(), groupLabels(route, labels));
        groups.computeIfAbsent(key, k -> new AlertGroup(k, route, now)).add(event, labels, ticket, source);
    }

    static Map<String, String> groupLabels(Route route, Map<String, String> labels) {
        if (route.groupsByAll()) {
            return labels;
        }
        Map<String, String> out = new TreeMap<>();
        for (String name : route.groupBy()) {
            String v = labels.get(name);
            if (v != null) {
                out.put(name, v);
            }
        }
        return out;
    }

    /** Flushes every group due at {@code now}; groups left empty are dropped. */
    public List<GroupSnapshot> due(Instant now) {
        List<GroupSnapshot> out = new ArrayList<>();
        for (Iterator<AlertGroup> it = groups.values().iterator(); it.hasNext(); ) {
            AlertGroup g = it.next();
            if (!g.nextFlush().isAfter(now)) {
                GroupSnapshot s = g.flush(now);
                out.add(s);
                if (s.groupGone()) {
                    it.remove();
                }
            }
        }
        return out;
    }

    /** The earliest next flush, or null when there are no groups. */
    public Instant nextDue() {
        Instant min = null;
        for (AlertGroup g : groups.values()) {
            if (min == null || g.nextFlush().isBefore(min)) {
                min = g.nextFlush();
            }
        }
        return min;
    }

    public void forgetPartition(int partition) {
        groups.entrySet().removeIf(e -> {
            if (e.getKey().partition() == partition) {
                e.getValue().abandon();
                return true;
            }
            return false;
        });
    }

    public int size() {
        return groups.size();
    }
}
