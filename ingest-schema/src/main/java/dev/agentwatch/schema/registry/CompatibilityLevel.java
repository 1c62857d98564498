package dev.agentwatch.schema.registry;

/** The compatibility rules of Confluent's REST API, spelled as the registry spells them. */
public enum CompatibilityLevel {
    NONE,
    BACKWARD,
    BACKWARD_TRANSITIVE,
    FORWARD,
    FORWARD_TRANSITIVE,
    FULL,
    FULL_TRANSITIVE
}
