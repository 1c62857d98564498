package dev.agentwatch.streams.agents;

/**
 * One task's share of the instance's {@link AgentAdmission}: the agents it counted there, so that a task that
 * closes, starts again or forgets agents gives back exactly what it took.
 */
final class TaskAdmission {

    private final AgentAdmission instance;
    private int admitted;

    TaskAdmission(AgentAdmission instance) {
        this.instance = instance;
    }

    /** Takes one new agent of this task, if the instance is under its cap. */
    boolean tryAdmit() {
        if (!instance.tryAdmit()) {
            return false;
        }
        admitted++;
        return true;
    }

    /** The agents a restore brought back. */
    void restored(int agents) {
        admitted += agents;
        instance.restored(agents);
    }

    /** Agents forgotten (silent for agent_ttl). */
    void forgotten(int agents) {
        admitted -= agents;
        instance.released(agents);
    }

    /** Sets a count that drifted (an agent admitted for an event that then failed) to what the task holds. */
    void reconcile(int held) {
        instance.released(admitted - held);
        admitted = held;
    }

    /** Everything this task counted, when it closes or starts again. */
    void releaseAll() {
        instance.released(admitted);
        admitted = 0;
    }

    int cap() {
        return instance.cap();
    }

    int instanceAgents() {
        return instance.agents();
    }
}
