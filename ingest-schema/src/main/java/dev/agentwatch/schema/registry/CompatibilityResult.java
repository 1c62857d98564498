package dev.agentwatch.schema.registry;

import java.util.List;

/** Answer of a compatibility test: whether the schema could be registered, and the registry's reasons if not. */
public record CompatibilityResult(boolean compatible, List<String> messages) {

    public CompatibilityResult {
        messages = List.copyOf(messages);
    }
}
