package dev.agentwatch.fleet;

/**
 * One agent's failed calls of the last hour with one ({@code error_type}, {@code operation}, {@code model}),
 * weighted (1/sample_rate). Any of the three is null when the events did not say.
 */
public record ErrorPattern(String errorType, String operation, String model, double count) {
}
