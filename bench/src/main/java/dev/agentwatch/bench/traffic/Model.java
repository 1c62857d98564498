package dev.agentwatch.bench.traffic;

/**
 * An LLM an agent calls: list prices (USD per 1M tokens, as in config/agentwatch.yaml) and the speeds that turn
 * tokens into latency: time to first token, prefill per uncached and per cached prompt token, decode per
 * completion token.
 */
public record Model(String name, String provider, double usdPerMIn, double usdPerMOut, double ttftMs,
                    double prefillMsPerToken, double cachedMsPerToken, double decodeMsPerToken) {

    public static final Model GPT_4O = new Model("gpt-4o", "openai", 2.50, 10.00, 300, 0.030, 0.006, 12);
    public static final Model GPT_4O_MINI = new Model("gpt-4o-mini", "openai", 0.15, 0.60, 220, 0.015, 0.003, 7);
    public static final Model GPT_41 = new Model("gpt-4.1", "openai", 2.00, 8.00, 350, 0.030, 0.006, 14);
    public static final Model CLAUDE_SONNET_4 = new Model("claude-sonnet-4", "anthropic", 3.00, 15.00, 450, 0.035, 0.007, 18);
    public static final Model CLAUDE_HAIKU_4 = new Model("claude-haiku-4", "anthropic", 0.80, 4.00, 250, 0.015, 0.003, 8);
    public static final Model LLAMA_31_70B = new Model("llama-3.1-70b", "vllm", 0.60, 0.60, 180, 0.050, 0.010, 22);

    /** What a call costs at list price; cached prompt tokens at half price. */
    public double costUsd(TokenSample t) {
        return ((t.in() - t.cachedIn()) * usdPerMIn + t.cachedIn() * usdPerMIn * 0.5 + t.out() * usdPerMOut) / 1e6;
    }
}
