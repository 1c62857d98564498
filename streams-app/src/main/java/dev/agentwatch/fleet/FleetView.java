package dev.agentwatch.fleet;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The read-only query interface over this instance's agents: the latest {@link AgentSnapshot} of each, published
 * by the stream threads that own them. Readers (the HTTP API) never
 * touch stream-thread state.
 *
 * <p>A partition is <em>ready</em> here once its task has published after taking it, and stops being ready when
 * the task closes: the agents of a partition that is not ready anywhere are missing from any answer, which the
 * API then calls partial.
 */
public final class FleetView {

    private final ConcurrentHashMap<String, AgentSnapshot> agents = new ConcurrentHashMap<>();
    private final Set<Integer> ready = ConcurrentHashMap.newKeySet();

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

    /** Partitions of the metrics topic whose agents this instance shows, ascending. */
    public Set<Integer> readyPartitions() {
        return new TreeSet<>(ready);
    }

    void publish(AgentSnapshot s) {
        agents.put(s.agentId(), s);
    }

    void remove(String agentId) {
        agents.remove(agentId);
    }

    void ready(int partition) {
        ready.add(partition);
    }

    void unready(int partition) {
        ready.remove(partition);
    }
}
