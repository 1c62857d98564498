package dev.agentwatch.sink.inhibit;

import dev.agentwatch.schema.AlertEvent;
import dev.agentwatch.schema.AlertStatus;
import dev.agentwatch.sink.model.Muter;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The fourth stage's {@link Muter}: knows which alerts that could inhibit others (they match some rule's source)
 * fire right now, and says whether an alert is muted by one of them. Fed with every alert event this instance
 * consumes and, when several instances share the partitions, by a reader of the whole alerts topic, so a CRITICAL on
 * one instance mutes the same agent's WARNING on another; the latest event per fingerprint (by
 * {@code evaluated_at}) wins, whichever path brought it first. Thread-safe.
 */
public final class Inhibitor implements Muter {

    private record Source(Map<String, String> labels, boolean firing, Instant evaluatedAt) {
    }

    private final List<InhibitRule> rules;
    private final Map<String, Source> sources = new ConcurrentHashMap<>();

    public Inhibitor(List<InhibitRule> rules) {
        this.rules = List.copyOf(rules);
    }

    public void observe(AlertEvent a, Map<String, String> labels) {
        if (rules.stream().noneMatch(r -> r.source().matches(labels))) {
            sources.remove(a.getFingerprint());
            return;
        }
        Source next = new Source(labels, a.getStatus() == AlertStatus.FIRING, a.getEvaluatedAt());
        sources.merge(a.getFingerprint(), next, (old, neu) -> neu.evaluatedAt().isBefore(old.evaluatedAt()) ? old : neu);
    }

    /** Drops resolved sources last evaluated before {@code cutoff}; they only served to order late duplicates. */
    public void forgetResolvedBefore(Instant cutoff) {
        sources.values().removeIf(s -> !s.firing() && s.evaluatedAt().isBefore(cutoff));
    }

    /** Inhibited by a source firing now, whatever {@code now} is: sources come and go by their own events. */
    @Override
    public boolean mutes(String fingerprint, Map<String, String> labels, Instant now) {
        for (InhibitRule rule : rules) {
            if (!rule.target().matches(labels)) {
                continue;
            }
            for (Map.Entry<String, Source> e : sources.entrySet()) {
                Source s = e.getValue();
                if (s.firing() && !e.getKey().equals(fingerprint) && rule.source().matches(s.labels())
                        && rule.sameEqualLabels(s.labels(), labels)) {
                    return true;
                }
            }
        }
        return false;
    }

    public boolean hasRules() {
        return !rules.isEmpty();
    }
}
