package dev.agentwatch.sink.silence;

import dev.agentwatch.sink.model.Muter;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The fifth stage's {@link Muter}: every silence known, by id, and whether one mutes an alert now. Each sink
 * instance holds all of them (the whole compacted topic is applied to it by {@link SilenceRecords}), so a silence
 * mutes wherever the alert's partition is processed. Only silences that pass {@link SilenceRules#checkStored} get in, so a record
 * such as {@code matchers: []} can never mute everything. Thread-safe.
 */
public final class SilenceStore implements Muter {

    private final Map<String, Silence> byId = new ConcurrentHashMap<>();

    /**
     * Adds or replaces (a silence's latest version on the topic wins). Throws {@link InvalidSilenceException} for a
     * silence that breaks the rules, leaving any earlier version of it in place.
     */
    public void put(Silence s) {
        SilenceRules.checkStored(s);
        byId.put(s.id(), s);
    }

    /** A tombstone; true when a silence with that id was known. */
    public boolean remove(String id) {
        return byId.remove(id) != null;
    }

    /** The first active silence matching these labels. */
    public Optional<Silence> mutedBy(Map<String, String> labels, Instant now) {
        for (Silence s : byId.values()) {
            if (s.mutes(labels, now)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }

    @Override
    public boolean mutes(String fingerprint, Map<String, String> labels, Instant now) {
        return mutedBy(labels, now).isPresent();
    }

    public Optional<Silence> get(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    public List<Silence> all() {
        List<Silence> out = new ArrayList<>(byId.values());
        out.sort(Comparator.comparing(Silence::startsAt).thenComparing(Silence::id));
        return out;
    }
}
