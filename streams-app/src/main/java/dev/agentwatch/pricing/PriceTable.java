package dev.agentwatch.pricing;

import dev.agentwatch.config.ConfigNode;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Model prices (USD per 1M tokens in and out) for events that carry no {@code cost_usd}. A model matches
 * its exact name, else the longest listed prefix, else {@code default}; with no match the cost stays
 * unknown rather than being guessed as zero.
 */
public final class PriceTable {

    public static final PriceTable EMPTY = new PriceTable(Map.of(), null);

    /** USD per one million tokens. */
    public record Price(double inputPerMillion, double outputPerMillion) {
        public double cost(long tokensIn, long tokensOut) {
            return (tokensIn * inputPerMillion + tokensOut * outputPerMillion) / 1_000_000d;
        }
    }

    private static final Price NONE = new Price(Double.NaN, Double.NaN);

    private final Map<String, Price> exact;
    private final List<String> prefixesLongestFirst;
    private final Price fallback;
    // Model names repeat endlessly; resolve each once so the per-event lookup is one hash probe. Bounded,
    // because model names come from producers.
    private static final int MAX_RESOLVED = 10_000;
    private final Map<String, Price> resolved = new ConcurrentHashMap<>();

    public PriceTable(Map<String, Price> models, Price fallback) {
        this.exact = Map.copyOf(models);
        List<String> prefixes = new ArrayList<>(models.keySet());
        prefixes.sort(Comparator.comparingInt(String::length).reversed());
        this.prefixesLongestFirst = List.copyOf(prefixes);
        this.fallback = fallback;
    }

    public static PriceTable from(ConfigNode pricing) {
        pricing.allowOnly(List.of("default", "models"));
        Price fallback = pricing.get("default").map(PriceTable::price).orElse(null);
        Map<String, Price> models = new HashMap<>();
        pricing.get("models").ifPresent(m -> m.entries().forEach((name, p) -> models.put(name, price(p))));
        return new PriceTable(models, fallback);
    }

    private static Price price(ConfigNode p) {
        p.allowOnly(List.of("input", "output"));
        double in = p.require("input").number();
        double out = p.require("output").number();
        if (!(in >= 0) || !(out >= 0) || Double.isInfinite(in) || Double.isInfinite(out)) {
            throw p.error("prices must be finite numbers >= 0 (USD per 1M tokens)");
        }
        return new Price(in, out);
    }

    /** Cost in USD, or NaN when the model has no price (and there is no default) or tokens are unknown. */
    public double cost(String model, long tokensIn, long tokensOut) {
        if (tokensIn < 0 && tokensOut < 0) {
            return Double.NaN;
        }
        Price p = model == null ? (fallback == null ? NONE : fallback) : resolve(model);
        return p == NONE ? Double.NaN : p.cost(Math.max(tokensIn, 0), Math.max(tokensOut, 0));
    }

    private Price resolve(String model) {
        Price p = resolved.get(model);
        if (p == null) {
            p = lookup(model);
            if (resolved.size() < MAX_RESOLVED) {
                resolved.put(model, p);
            }
        }
        return p;
    }

    private Price lookup(String model) {
        Price p = exact.get(model);
        if (p != null) {
            return p;
        }
        for (String prefix : prefixesLongestFirst) {
            if (model.startsWith(prefix)) {
                return exact.get(prefix);
            }
        }
        return fallback == null ? NONE : fallback;
    }
}
