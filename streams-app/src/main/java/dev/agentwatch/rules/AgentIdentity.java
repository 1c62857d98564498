package dev.agentwatch.rules;

import java.util.Map;

/** What rule matchers and annotations see of an agent: its id and the descriptive fields of its latest event. */
public interface AgentIdentity {

    String agentId();

    /** Null when unknown. */
    String fleet();

    /** The model of the latest event; null when unknown. */
    String model();

    /** A label of the latest event; null when absent. */
    String label(String name);

    static AgentIdentity of(String agentId, String fleet, String model, Map<String, String> labels) {
        Map<String, String> copy = Map.copyOf(labels);
        return new AgentIdentity() {
            @Override
            public String agentId() {
                return agentId;
            }

            @Override
            public String fleet() {
                return fleet;
            }

            @Override
            public String model() {
                return model;
            }

            @Override
            public String label(String name) {
                return copy.get(name);
            }

            @Override
            public String toString() {
                return agentId;
            }
        };
    }
}
