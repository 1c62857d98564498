package dev.agentwatch.bench.traffic;

import java.util.List;

/**
 * The two workloads the traces record: coding assistants (Azure code trace: long prompts, short completions) and
 * chat agents (Mooncake: very long contexts, long answers, heavy prefix caching). Fleets and models per kind.
 */
public enum AgentKind {

    CODE("code_completion", List.of("code-review", "ci-fixer", "refactor-bot", "test-writer"),
            List.of(Model.GPT_41, Model.GPT_4O_MINI, Model.CLAUDE_SONNET_4)),
    CHAT("conversation", List.of("support-chat", "sales-assistant", "research-agent", "triage-bot"),
            List.of(Model.GPT_4O, Model.CLAUDE_HAIKU_4, Model.LLAMA_31_70B));

    private final String requestType;
    private final List<String> fleets;
    private final List<Model> models;

    AgentKind(String requestType, List<String> fleets, List<Model> models) {
        this.requestType = requestType;
        this.fleets = fleets;
        this.models = models;
    }

    public String requestType() {
        return requestType;
    }

    public List<String> fleets() {
        return fleets;
    }

    public List<Model> models() {
        return models;
    }
}
