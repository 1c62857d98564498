package dev.agentwatch.faults.harness;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

import dev.agentwatch.schema.AlertEvent;
import dev.agentwatch.schema.AlertStatus;
import dev.agentwatch.schema.AvroSerdeConfig;
import dev.agentwatch.schema.serde.AvroDeserializer;

/** Every committed alert event on the alerts topic, in order, with the wall time it was read. */
public final class AlertLog implements AutoCloseable {

    /** One alert event as read. */
    public record Seen(String fingerprint, String alert, String agentId, AlertStatus status, Instant startsAt, Instant readAt) {
    }

    private final List<Seen> seen = new CopyOnWriteArrayList<>();
    private final TopicFollower<AlertEvent> follower;

    AlertLog(String bootstrap, String registryUrl, String topic) {
        AvroDeserializer<AlertEvent> values = new AvroDeserializer<>(AlertEvent.class);
        values.configure(Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, registryUrl), false);
        follower = new TopicFollower<>(bootstrap, topic, values, r -> {
            AlertEvent a = r.value();
            seen.add(new Seen(a.getFingerprint(), a.getAlert(), a.getAgentId(), a.getStatus(), a.getStartsAt(), Instant.now()));
        });
    }

    public List<Seen> all() {
        follower.check();
        return List.copyOf(seen);
    }

    public List<Seen> of(String agentId, AlertStatus status) {
        return all().stream().filter(s -> s.agentId().equals(agentId) && s.status() == status).toList();
    }

    /** Waits until {@code agentId} has at least one {@code status} event; returns the first. */
    public Seen await(String agentId, AlertStatus status, Duration timeout) {
        Waits.until(status + " for " + agentId + " (alerts so far: " + summary() + ")", timeout, () -> !of(agentId, status).isEmpty());
        return of(agentId, status).get(0);
    }

    /** "alert/agent/STATUS xN" for each transition seen, for messages and reports. */
    public Map<String, Long> summary() {
        return seen.stream().collect(Collectors.groupingBy(s -> s.alert() + "/" + s.agentId() + "/" + s.status(),
                TreeMap::new, Collectors.counting()));
    }

    /** For each incident: when its FIRING was read after it began, and its RESOLVED after it ended. */
    public String timeline(List<Incident> incidents) {
        return incidents.stream().map(i -> i.agentId() + " FIRING " + after(i.from(), of(i.agentId(), AlertStatus.FIRING))
                + " after it began, RESOLVED " + after(i.end(), of(i.agentId(), AlertStatus.RESOLVED)) + " after it ended")
                .collect(Collectors.joining("; "));
    }

    private static String after(Instant t, List<Seen> seen) {
        return seen.isEmpty() ? "never" : String.format(Locale.ROOT, "%.1f s", Duration.between(t, seen.get(0).readAt()).toMillis() / 1000.0);
    }

    @Override
    public void close() {
        follower.close();
    }
}
