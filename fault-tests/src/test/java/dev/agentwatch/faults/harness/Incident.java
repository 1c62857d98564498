package dev.agentwatch.faults.harness;

import java.time.Duration;
import java.time.Instant;

/** One agent's calls take 35-45 s from {@code from} for {@code length}: the seed rule AgentTimeout fires, then resolves. */
public record Incident(String agentId, Instant from, Duration length) {

    public static final double SLOW_CALL_MS = 35_000;
    public static final double SLOW_CALL_SPREAD_MS = 10_000;

    public boolean covers(String agent, Instant t) {
        return agent.equals(agentId) && !t.isBefore(from) && t.isBefore(from.plus(length));
    }

    public Instant end() {
        return from.plus(length);
    }
}
