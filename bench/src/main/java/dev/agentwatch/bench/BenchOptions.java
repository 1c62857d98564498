package dev.agentwatch.bench;

import dev.agentwatch.bench.traffic.CallSpreads;
import dev.agentwatch.bench.traffic.TrafficShape;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * Benchmark settings: {@code --name=value} arguments, else {@code -Dbench.name=value} system properties, else the
 * benchmark's defaults. Counts take {@code 2000000}, {@code 2_000_000} or {@code 2M}; durations {@code 1h},
 * {@code 15min}, {@code 90s} or ISO-8601.
 */
record BenchOptions(long events, int agents, int partitions, Duration span, long seed, List<Integer> streamThreads,
                    Duration timeout, String compression, boolean synthetic, boolean keepRunDir, Path runDir, int incidents,
                    Duration slice, double errorRate, CallSpreads.Mode callSpread) {

    static final List<String> NAMES = List.of("events", "agents", "partitions", "span", "seed", "threads", "timeout",
            "compression", "traffic", "keep", "run-dir", "incidents", "slice", "error-rate", "call-spread");

    static BenchOptions parse(String[] args, Properties system, Map<String, String> defaults) {
        Map<String, String> v = new HashMap<>(defaults);
        for (String name : NAMES) {
            String p = system.getProperty("bench." + name);
            if (p != null && !p.isBlank()) {
                v.put(name, p.trim());
            }
        }
        for (String arg : args) {
            if (!arg.startsWith("--") || !arg.contains("=")) {
                throw new IllegalArgumentException("arguments are --name=value with name one of " + NAMES + "; got " + arg);
            }
            String name = arg.substring(2, arg.indexOf('='));
            if (!NAMES.contains(name)) {
                throw new IllegalArgumentException("unknown option --" + name + "; known: " + NAMES);
            }
            v.put(name, arg.substring(arg.indexOf('=') + 1).trim());
        }
        String traffic = v.getOrDefault("traffic", "traces");
        if (!traffic.equals("traces") && !traffic.equals("synthetic")) {
            throw new IllegalArgumentException("traffic is 'traces' (falls back to synthetic without ../shared/data) or 'synthetic'");
        }
        BenchOptions o = new BenchOptions(count(v, "events"), (int) count(v, "agents"), (int) count(v, "partitions"),
                duration(v.get("span")), Long.parseLong(v.getOrDefault("seed", "42")),
                Arrays.stream(v.getOrDefault("threads", "1").split(",")).map(String::trim).map(Integer::parseInt).toList(),
                duration(v.getOrDefault("timeout", "30min")), v.getOrDefault("compression", "lz4"), traffic.equals("synthetic"),
                Boolean.parseBoolean(v.getOrDefault("keep", "false")),
                Path.of(v.getOrDefault("run-dir", "bench/target/bench-run")), (int) count(v.getOrDefault("incidents", "0")),
                v.containsKey("slice") ? duration(v.get("slice")) : null,
                v.containsKey("error-rate") ? Double.parseDouble(v.get("error-rate")) : TrafficShape.HEALTHY_ERROR_RATE,
                callSpread(v.getOrDefault("call-spread", "median")));
        if (o.events < 1 || o.agents < 1 || o.partitions < 1 || o.streamThreads.isEmpty()
                || o.streamThreads.stream().anyMatch(t -> t < 1) || !(o.errorRate >= 0 && o.errorRate < 1)) {
            throw new IllegalArgumentException("events, agents, partitions and threads must be >= 1, error-rate in [0, 1)");
        }
        return o;
    }

    /** {@code median}: every agent's calls vary like the trace's median conversation; {@code each}: like one each. */
    private static CallSpreads.Mode callSpread(String s) {
        return switch (s) {
            case "median" -> CallSpreads.Mode.MEDIAN;
            case "each" -> CallSpreads.Mode.EACH;
            default -> throw new IllegalArgumentException("call-spread is 'median' or 'each'; got " + s);
        };
    }

    private static long count(Map<String, String> v, String name) {
        String s = v.get(name);
        if (s == null) {
            throw new IllegalArgumentException("missing " + name);
        }
        return count(s);
    }

    private static long count(String s) {
        s = s.replace("_", "").toLowerCase(Locale.ROOT);
        long scale = 1;
        if (s.endsWith("k")) {
            scale = 1_000;
        } else if (s.endsWith("m")) {
            scale = 1_000_000;
        }
        if (scale > 1) {
            s = s.substring(0, s.length() - 1);
        }
        return Math.round(Double.parseDouble(s) * scale);
    }

    static Duration duration(String s) {
        if (s == null) {
            throw new IllegalArgumentException("missing duration");
        }
        String t = s.trim().toLowerCase(Locale.ROOT);
        if (t.startsWith("p")) {
            return Duration.parse(s.trim().toUpperCase(Locale.ROOT));
        }
        String[][] units = {{"min", "60"}, {"ms", "0.001"}, {"h", "3600"}, {"m", "60"}, {"s", "1"}};
        for (String[] u : units) {
            if (t.endsWith(u[0])) {
                double seconds = Double.parseDouble(t.substring(0, t.length() - u[0].length())) * Double.parseDouble(u[1]);
                return Duration.ofMillis(Math.round(seconds * 1000));
            }
        }
        throw new IllegalArgumentException("not a duration: " + s + " (e.g. 1h, 15min, 90s, PT1H)");
    }

    /** One line for the output header. */
    String describe() {
        return String.format(Locale.ROOT, "events=%d agents=%d partitions=%d span=%s seed=%d threads=%s compression=%s traffic=%s timeout=%s incidents=%d error-rate=%s call-spread=%s",
                events, agents, partitions, span, seed, streamThreads, compression, synthetic ? "synthetic" : "traces", timeout,
                incidents, errorRate, callSpread.name().toLowerCase(Locale.ROOT));
    }
}
