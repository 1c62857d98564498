package dev.agentwatch.sink.silence;

import dev.agentwatch.sink.matching.Matcher;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A silence as Alertmanager models it: alerts whose labels match every matcher are not notified between
 * {@code startsAt} and {@code endsAt}. Expiring one sets {@code endsAt} to now; it is kept (and listed) until
 * purged, then tombstoned in the topic.
 */
public record Silence(String id, List<Matcher> matchers, Instant startsAt, Instant endsAt, String createdBy,
                      String comment, Instant updatedAt) {

    public enum State { PENDING, ACTIVE, EXPIRED }

    public Silence {
        Objects.requireNonNull(id, "id");
        matchers = List.copyOf(matchers);
        Objects.requireNonNull(startsAt, "startsAt");
        Objects.requireNonNull(endsAt, "endsAt");
        createdBy = createdBy == null ? "" : createdBy;
        comment = comment == null ? "" : comment;
        Objects.requireNonNull(updatedAt, "updatedAt");
    }

    public State state(Instant now) {
        if (now.isBefore(startsAt)) {
            return State.PENDING;
        }
        return now.isBefore(endsAt) ? State.ACTIVE : State.EXPIRED;
    }

    public boolean mutes(Map<String, String> labels, Instant now) {
        if (state(now) != State.ACTIVE) {
            return false;
        }
        for (Matcher m : matchers) {
            if (!m.matches(labels)) {
                return false;
            }
        }
        return true;
    }

    public Silence expiredAt(Instant now) {
        Instant end = endsAt.isAfter(now) ? now : endsAt;
        // A silence that has not started yet ends where it starts: it never mutes anything.
        Instant start = startsAt.isAfter(end) ? end : startsAt;
        return new Silence(id, matchers, start, end, createdBy, comment, now);
    }
}
