package dev.agentwatch.cli.silence;

import dev.agentwatch.sink.silence.Silence;

import java.time.Instant;

/** One silence as one line: id, state, matchers, period, author and comment. */
final class SilenceLine {

    private SilenceLine() {
    }

    static String format(Silence s, Instant now) {
        return s.id() + " " + s.state(now) + " " + s.matchers() + " " + s.startsAt() + " .. " + s.endsAt()
                + " by " + s.createdBy() + ": " + s.comment();
    }
}
