package dev.agentwatch.fleet;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The read-only query interface over this instance's agents: the latest {@link AgentSnapshot} of each,
 * published by the stream threads that own them. Readers (the HTTP API) never touch stream-thread state.
 */
public final class FleetView {

    private final ConcurrentHashMap<String, AgentSnapshot> agents = new ConcurrentHashMap<>();

    public Optional<AgentSnapshot> agent(String agentId) {
        return Optional.ofNullable(agents.get(agentId));
    }

    /** All agents of this instance, sorted by id. */
    public List<AgentSnapshot> agents() {
        List<AgentSnapshot> all = new ArrayList<>(agents.values());
        all.sort(Comparator.comparing(AgentSnapshot::agentId));
        return all;
    }

    public int size() {
        return agents.size();
    }

    void publish(AgentSnapshot s) {
        agents.put(s.agentId(), s);
    }

    void remove(String agentId) {
        agents.remove(agentId);
    }
}
