package dev.agentwatch.faults.harness;

import java.util.LinkedHashMap;
import java.util.Map;

/** A scrape of a Prometheus text exposition: series ({@code name} or {@code name{labels}}) to value. */
public record Prometheus(Map<String, Double> series) {

    public static Prometheus parse(String text) {
        Map<String, Double> series = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            line = line.trim();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int space = line.lastIndexOf(' ');
            if (space > 0) {
                series.put(line.substring(0, space).trim(), Double.parseDouble(line.substring(space + 1)));
            }
        }
        return new Prometheus(series);
    }

    /** The value of an unlabelled series, or NaN when absent. */
    public double value(String name) {
        return series.getOrDefault(name, Double.NaN);
    }

    /** The sum over every series of {@code name}, whatever their labels; 0 when there is none. */
    public double sum(String name) {
        return series.entrySet().stream().filter(e -> e.getKey().equals(name) || e.getKey().startsWith(name + "{"))
                .mapToDouble(Map.Entry::getValue).sum();
    }

    /** One labelled series, e.g. {@code labelled("x_total", "reason", "late")}; 0 when absent. */
    public double labelled(String name, String label, String value) {
        return series.getOrDefault(name + "{" + label + "=\"" + value + "\"}", 0.0);
    }

    public boolean has(String name) {
        return series.keySet().stream().anyMatch(k -> k.equals(name) || k.startsWith(name + "{"));
    }
}
