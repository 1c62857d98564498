package dev.agentwatch.rules;

import java.util.Map;

/**
 * A rule's or override's {@code match}: every field must match. Fields: {@code agent_id}, {@code fleet},
 * {@code model}, {@code labels.<name>}.
 */
final class AgentMatcher {

    static final AgentMatcher ALL = new AgentMatcher(Map.of());

    private final Map<String, FieldMatch> fields;

    AgentMatcher(Map<String, FieldMatch> fields) {
        this.fields = Map.copyOf(fields);
    }

    boolean matches(AgentIdentity agent) {
        for (Map.Entry<String, FieldMatch> f : fields.entrySet()) {
            if (!f.getValue().matches(valueOf(agent, f.getKey()))) {
                return false;
            }
        }
        return true;
    }

    private static String valueOf(AgentIdentity agent, String field) {
        switch (field) {
            case "agent_id":
                return agent.agentId();
            case "fleet":
                return agent.fleet();
            case "model":
                return agent.model();
            default:
                return agent.label(field.substring("labels.".length()));
        }
    }

    boolean matchesEverything() {
        return fields.isEmpty();
    }
}
