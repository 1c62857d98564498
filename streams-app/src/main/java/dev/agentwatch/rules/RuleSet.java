package dev.agentwatch.rules;

import dev.agentwatch.baseline.BaselineKey;
import dev.agentwatch.baseline.BaselineStats;
import dev.agentwatch.window.SliceAggregate;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * A compiled rule file: immutable, shared by every stream thread, replaced whole when a new file is applied.
 * Its {@link #version()} is a hash of the file text, so the same text always has the same version.
 */
public final class RuleSet {

    public static final Duration DEFAULT_EVALUATION_INTERVAL = Duration.ofSeconds(10);

    /** No rules: what an instance runs before any rule file is applied. */
    public static final RuleSet EMPTY = new RuleSet("<none>", "", DEFAULT_EVALUATION_INTERVAL,
            BaselineStats.DEFAULT_MIN_HISTORY, Map.of(), List.of(), List.of());

    private final String sourceName;
    private final String text;
    private final long version;
    private final Duration evaluationInterval;
    private final Duration baselineMinHistory;
    private final Map<String, Double> sampling;
    private final List<String> displayMetrics;
    private final List<Rule> rules;
    private final Map<String, Rule> byName = new LinkedHashMap<>();

    RuleSet(String sourceName, String text, Duration evaluationInterval, Duration baselineMinHistory,
            Map<String, Double> sampling, List<String> displayMetrics, List<Rule> rules) {
        this.sourceName = sourceName;
        this.text = text;
        this.version = versionOf(text);
        this.evaluationInterval = evaluationInterval;
        this.baselineMinHistory = baselineMinHistory;
        this.sampling = Map.copyOf(sampling);
        this.displayMetrics = List.copyOf(displayMetrics);
        this.rules = List.copyOf(rules);
        for (Rule r : rules) {
            byName.put(r.name(), r);
        }
    }

    /** First 63 bits of the SHA-256 of the text: positive, as the alert's {@code rule_version}. */
    public static long versionOf(String text) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            long v = 0;
            for (int i = 0; i < 8; i++) {
                v = (v << 8) | (h[i] & 0xFF);
            }
            return v & Long.MAX_VALUE;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    public long version() {
        return version;
    }

    /** The version as 16 hex digits, for logs and the CLI. */
    public String versionHex() {
        return String.format("%016x", version);
    }

    /** Where the text came from, as errors name it. */
    public String sourceName() {
        return sourceName;
    }

    /** The rule file as written: what {@link RulesTopicCodec} publishes. */
    public String text() {
        return text;
    }

    public Duration evaluationInterval() {
        return evaluationInterval;
    }

    public Duration baselineMinHistory() {
        return baselineMinHistory;
    }

    /**
     * {@code sampling:} as written (name -> fraction). Sampling is the producers' business: the gateway and the
     * SDK apply it ({@code dev.agentwatch.sampling}) and events carry {@code sample_rate}; the streams app only
     * weights by that rate.
     */
    public Map<String, Double> sampling() {
        return sampling;
    }

    /**
     * The {@code metrics:} list: canonical metric names the fleet view and dashboard show first, in file order;
     * empty when the file has none.
     */
    public List<String> displayMetrics() {
        return displayMetrics;
    }

    /** In file order. */
    public List<Rule> rules() {
        return rules;
    }

    public Optional<Rule> rule(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /** The variants of every rule that apply to {@code agent}, in rule order; string work, cache the result. */
    public List<RuleVariant> forAgent(AgentIdentity agent) {
        List<RuleVariant> out = new ArrayList<>();
        for (Rule r : rules) {
            RuleVariant v = r.forAgent(agent);
            if (v != null) {
                out.add(v);
            }
        }
        return out;
    }

    /** Every window length rules read (overrides included), ascending: for the window engine's WindowSpec. */
    public List<Duration> windows() {
        TreeSet<Long> ms = new TreeSet<>();
        for (Rule r : rules) {
            ms.addAll(r.windowsMs());
        }
        return ms.stream().map(Duration::ofMillis).toList();
    }

    public Set<MetricNeed> metricNeeds() {
        Set<MetricNeed> out = new LinkedHashSet<>();
        for (Rule r : rules) {
            out.addAll(r.metricNeeds());
        }
        return out;
    }

    public Set<BaselineKey> baselineNeeds() {
        Set<BaselineKey> out = new LinkedHashSet<>();
        for (Rule r : rules) {
            out.addAll(r.baselineNeeds());
        }
        return out;
    }

    /**
     * The sketches running windows must keep for the percentiles rules read, as a mask of
     * {@link SliceAggregate#LATENCY_SKETCH}, {@code TOKENS_SKETCH} and {@code COST_SKETCH}, by window.
     */
    public Map<Duration, Integer> windowSketches() {
        Map<Duration, Integer> out = new java.util.HashMap<>();
        for (MetricNeed n : metricNeeds()) {
            out.merge(Duration.ofMillis(n.windowMs()), sketchOf(n.metric().name()), (a, b) -> a | b);
        }
        return out;
    }

    private static int sketchOf(String metric) {
        boolean quantile = metric.startsWith("p") && metric.contains("(") || metric.matches("latency_p\\d+");
        if (!quantile) {
            return 0;
        }
        if (metric.contains("latency")) {
            return SliceAggregate.LATENCY_SKETCH;
        } else if (metric.contains("tokens")) {
            return SliceAggregate.TOKENS_SKETCH;
        } else if (metric.contains("cost")) {
            return SliceAggregate.COST_SKETCH;
        }
        return 0;
    }

    @Override
    public String toString() {
        return sourceName + " v" + versionHex() + " (" + rules.size() + " rules)";
    }
}
