package dev.agentwatch.sink.silence;

import dev.agentwatch.sink.matching.Matcher;

import java.time.Instant;
import java.util.Map;

/**
 * What makes a silence acceptable, checked wherever one enters: the silences topic (every record the sink reads)
 * and {@code silence add}. Alertmanager's rules (at least one matcher, and at least one that does not match the
 * empty string, else the silence would mute every alert), plus bounds on every string and on the matcher count so
 * that a record written by any tool cannot grow the sink's memory or matching time. Record size and JSON depth are
 * bounded by {@link SilenceCodec} before any of this is read.
 */
public final class SilenceRules {

    public static final int MAX_MATCHERS = 32;
    public static final int MAX_ID = 128;
    public static final int MAX_NAME = 128;
    /** Also the longest regex ({@code RegexBudget} allows no longer). */
    public static final int MAX_VALUE = 1_024;
    public static final int MAX_CREATED_BY = 256;
    public static final int MAX_COMMENT = 2_048;

    private SilenceRules() {
    }

    /**
     * A silence as stored on the topic. Its end may equal its start: expiring a silence that had not started yet
     * ends it where it starts (it mutes nothing); an end before the start is refused.
     */
    public static void checkStored(Silence s) {
        bounded("id", s.id(), MAX_ID);
        if (s.id().isBlank()) {
            throw new InvalidSilenceException("no-id", "a silence needs an id");
        }
        if (s.matchers().isEmpty()) {
            throw new InvalidSilenceException("no-matchers", "a silence needs at least one matcher");
        }
        if (s.matchers().size() > MAX_MATCHERS) {
            throw new InvalidSilenceException("too-many-matchers", "a silence takes at most " + MAX_MATCHERS + " matchers, got "
                    + s.matchers().size());
        }
        for (Matcher m : s.matchers()) {
            checkMatcher(m.name(), m.value());
        }
        if (s.matchers().stream().allMatch(m -> m.matches(Map.of()))) {
            throw new InvalidSilenceException("matches-everything",
                    "at least one matcher must not match an empty label, or the silence would mute everything");
        }
        bounded("createdBy", s.createdBy(), MAX_CREATED_BY);
        bounded("comment", s.comment(), MAX_COMMENT);
        if (s.endsAt().isBefore(s.startsAt())) {
            throw new InvalidSilenceException("ends-before-start", "endsAt " + s.endsAt() + " is before startsAt " + s.startsAt());
        }
    }

    /** A silence about to be created: also an author, a reason, and an end after its start and after now. */
    public static void checkNew(Silence s, Instant now) {
        checkStored(s);
        if (!s.endsAt().isAfter(s.startsAt())) {
            throw new InvalidSilenceException("ends-before-start", "endsAt must be after startsAt");
        }
        if (!s.endsAt().isAfter(now)) {
            throw new InvalidSilenceException("already-ended", "endsAt must be in the future");
        }
        if (s.createdBy().isBlank()) {
            throw new InvalidSilenceException("no-author", "createdBy is required");
        }
        if (s.comment().isBlank()) {
            throw new InvalidSilenceException("no-comment", "a comment is required (say why)");
        }
    }

    /** Bounds a matcher's text before it is compiled (a regex is compiled when its matcher is made). */
    static void checkMatcher(String name, String value) {
        bounded("matcher name", name, MAX_NAME);
        bounded("matcher value", value, MAX_VALUE);
    }

    private static void bounded(String what, String value, int max) {
        if (value != null && value.length() > max) {
            throw new InvalidSilenceException("too-long", what + " is longer than " + max + " characters (" + value.length() + ")");
        }
    }
}
