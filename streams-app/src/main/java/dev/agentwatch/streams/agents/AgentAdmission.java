package dev.agentwatch.streams.agents;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * The cap on agents one instance keeps (streams.max_agents), shared by all its tasks: an agent is state in
 * memory (windows, slices, baseline), so an unbounded set of agent ids, e.g. one per request, would run the
 * instance out of heap. Agents restored from changelogs are always taken (refusing them would lose state), so
 * the count can exceed the cap after tasks move in; then no new agent is admitted until some are forgotten.
 */
public final class AgentAdmission {

    private final int cap;
    private final AtomicInteger agents = new AtomicInteger();

    public AgentAdmission(int cap) {
        if (cap <= 0) {
            throw new IllegalArgumentException("the agent cap must be > 0");
        }
        this.cap = cap;
    }

    /** No cap worth the name, for tools and tests that do not exercise it. */
    public static AgentAdmission unlimited() {
        return new AgentAdmission(Integer.MAX_VALUE);
    }

    public int cap() {
        return cap;
    }

    /** Agents held now by this instance's tasks. */
    public int agents() {
        return agents.get();
    }

    /** Takes one new agent if under the cap. */
    public boolean tryAdmit() {
        while (true) {
            int n = agents.get();
            if (n >= cap) {
                return false;
            }
            if (agents.compareAndSet(n, n + 1)) {
                return true;
            }
        }
    }

    /** Agents that came back with a task's state. */
    public void restored(int n) {
        agents.addAndGet(n);
    }

    /** Agents forgotten, or gone with a task that closed. */
    public void released(int n) {
        agents.addAndGet(-n);
    }
}
