package dev.agentwatch.bench.traffic;

/** Tokens of one LLM call: prompt, completion, and the part of the prompt served from a prefix cache. */
public record TokenSample(int in, int out, int cachedIn) {
}
