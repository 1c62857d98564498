package dev.agentwatch.sink.model;

import dev.agentwatch.sink.offsets.Ticket;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What one flush of one alert group sends to one receiver: the group's current firing alerts and the alerts
 * resolved since the last notification, as in Alertmanager (a notification is the group's whole state, not a diff).
 */
public record Notification(String receiver, GroupKey groupKey, Map<String, String> groupLabels,
                           List<NotifiedAlert> alerts, Instant at) {

    public Notification {
        alerts = List.copyOf(alerts);
        groupLabels = Map.copyOf(groupLabels);
    }

    public List<NotifiedAlert> firing() {
        return alerts.stream().filter(NotifiedAlert::firing).toList();
    }

    /** "firing" when any alert fires, else "resolved" (Alertmanager's notification status). */
    public String status() {
        return alerts.stream().anyMatch(NotifiedAlert::firing) ? "firing" : "resolved";
    }

    public Notification withAlerts(List<NotifiedAlert> subset) {
        return new Notification(receiver, groupKey, groupLabels, subset, at);
    }

    /**
     * This notification superseded by a later one of the same group: the later state of each alert wins, and
     * alerts only the earlier one had (resolved ones the later flush already dropped) are kept.
     */
    public Notification supersededBy(Notification later) {
        Map<String, NotifiedAlert> byFingerprint = new LinkedHashMap<>();
        for (NotifiedAlert a : alerts) {
            byFingerprint.put(a.fingerprint(), a);
        }
        for (NotifiedAlert a : later.alerts) {
            NotifiedAlert earlier = byFingerprint.get(a.fingerprint());
            if (earlier == null) {
                byFingerprint.put(a.fingerprint(), a);
            } else {
                List<Ticket> tickets = new ArrayList<>(earlier.tickets());
                tickets.addAll(a.tickets());
                byFingerprint.put(a.fingerprint(), new NotifiedAlert(a.event(), a.labels(), tickets, a.source()));
            }
        }
        return new Notification(receiver, groupKey, later.groupLabels, new ArrayList<>(byFingerprint.values()), later.at);
    }

    /** Labels every alert shares (Alertmanager's commonLabels). */
    public Map<String, String> commonLabels() {
        return common(alerts.stream().map(NotifiedAlert::labels).toList());
    }

    public Map<String, String> commonAnnotations() {
        return common(alerts.stream().map(a -> a.event().getAnnotations() == null ? Map.<String, String>of() : a.event().getAnnotations()).toList());
    }

    private static Map<String, String> common(List<Map<String, String>> maps) {
        if (maps.isEmpty()) {
            return Map.of();
        }
        return maps.get(0).entrySet().stream()
                .filter(e -> maps.stream().allMatch(m -> e.getValue().equals(m.get(e.getKey()))))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a, java.util.TreeMap::new));
    }
}
