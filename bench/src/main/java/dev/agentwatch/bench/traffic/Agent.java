package dev.agentwatch.bench.traffic;

import java.util.Map;

/**
 * One simulated agent: its identity and the fixed traits of its events. {@code workload} is what its calls look
 * like; {@code weight} is its share of traffic relative to other agents; {@code parentAgentId} is set for sub-agents
 * that an orchestrator invokes.
 */
public record Agent(int index, String id, AgentKind kind, String fleet, Model model, Workload workload, String version, String instanceId,
                    Map<String, String> labels, double sampleRate, boolean reportsCost, boolean scoresHallucination,
                    String parentAgentId, double weight) {
}
