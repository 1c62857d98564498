package dev.agentwatch.sink.dedup;

import dev.agentwatch.schema.AlertEvent;
import dev.agentwatch.schema.AlertStatus;

import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * First stage: drops an alert event that tells nothing new, i.e. the same transition again (same status and
 * {@code starts_at} as the last event of its fingerprint, as after a replay) or an event older than the last one
 * seen (by {@code evaluated_at}). Remembers a bounded number of fingerprints per partition; a fingerprint lives
 * in one partition because the alerts topic is keyed by it.
 */
public final class Deduplicator {

    private record Seen(AlertStatus status, Instant startsAt, Instant evaluatedAt) {
    }

    private final int maxPerPartition;
    private final Map<Integer, LinkedHashMap<String, Seen>> byPartition = new HashMap<>();

    public Deduplicator(int maxPerPartition) {
        this.maxPerPartition = maxPerPartition;
    }

    /** True when the event is new and should go on; remembers it either way. */
    public boolean isNew(int partition, AlertEvent a) {
        LinkedHashMap<String, Seen> seen = byPartition.computeIfAbsent(partition, p -> new LinkedHashMap<>(64, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Seen> eldest) {
                return size() > maxPerPartition;
            }
        });
        Seen last = seen.get(a.getFingerprint());
        if (last != null && (a.getEvaluatedAt().isBefore(last.evaluatedAt())
                || (last.status() == a.getStatus() && last.startsAt().equals(a.getStartsAt())))) {
            return false;
        }
        seen.put(a.getFingerprint(), new Seen(a.getStatus(), a.getStartsAt(), a.getEvaluatedAt()));
        return true;
    }

    public void forgetPartition(int partition) {
        byPartition.remove(partition);
    }
}
