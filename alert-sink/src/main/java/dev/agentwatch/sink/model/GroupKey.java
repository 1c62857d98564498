package dev.agentwatch.sink.model;

import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Identifies one alert group: the partition its alerts came from (group state lives with the partition, so a
 * rebalance can hand a partition over with its groups rebuilt from the uncommitted records), the route node,
 * and the values of the route's {@code group_by} labels.
 */
public record GroupKey(int partition, String routeId, SortedMap<String, String> labels) {

    public GroupKey {
        labels = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(labels));
    }

    public static GroupKey of(int partition, String routeId, Map<String, String> labels) {
        return new GroupKey(partition, routeId, new TreeMap<>(labels));
    }

    /** Alertmanager-style text, e.g. {@code {}/0.1:{alertname="X",agent_id="a"}}; the partition is not shown. */
    public String display() {
        return "{}/" + routeId + ":" + labels.entrySet().stream()
                .map(e -> e.getKey() + "=\"" + e.getValue() + "\"")
                .collect(Collectors.joining(",", "{", "}"));
    }
}
