package dev.agentwatch.localcluster.prometheus;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A Prometheus text exposition as {@link ExpositionParser} read it: metric families (name, type, help) and their
 * samples. Sample names are what PromQL selects ({@code x_total}, {@code x_seconds_count}, {@code x_bucket}).
 */
public record Exposition(List<Family> families) {

    /** One {@code # TYPE} family; {@code type} is the parser's: counter, gauge, summary, histogram, info, unknown... */
    public record Family(String name, String type, String help, List<Sample> samples) {
    }

    /** One sample line. */
    public record Sample(String name, Map<String, String> labels, double value) {
    }

    public Exposition {
        families = List.copyOf(families);
    }

    /** Every sample name, in the order exposed. */
    public Set<String> sampleNames() {
        Set<String> out = new LinkedHashSet<>();
        for (Family f : families) {
            for (Sample s : f.samples()) {
                out.add(s.name());
            }
        }
        return out;
    }

    /** Every sample named {@code name}. */
    public List<Sample> samples(String name) {
        return families.stream().flatMap(f -> f.samples().stream()).filter(s -> s.name().equals(name)).toList();
    }

    /** The family holding samples named {@code sampleName}, if any. */
    public Optional<Family> familyOf(String sampleName) {
        return families.stream().filter(f -> f.samples().stream().anyMatch(s -> s.name().equals(sampleName))).findFirst();
    }

    /** The one sample of {@code name} whose labels include {@code labels} (name, value, name, value...). */
    public Optional<Sample> sample(String name, String... labels) {
        if (labels.length % 2 != 0) {
            throw new IllegalArgumentException("labels come in name, value pairs");
        }
        return samples(name).stream().filter(s -> {
            for (int i = 0; i < labels.length; i += 2) {
                if (!labels[i + 1].equals(s.labels().get(labels[i]))) {
                    return false;
                }
            }
            return true;
        }).findFirst();
    }

    /** The value of that sample, or NaN when there is none. */
    public double value(String name, String... labels) {
        return sample(name, labels).map(Sample::value).orElse(Double.NaN);
    }

    /** Families without a {@code # TYPE} line of their own (the parser's "unknown"): none in a well-formed scrape. */
    public List<String> untyped() {
        return families.stream().filter(f -> f.type().equals("unknown")).map(Family::name).toList();
    }
}
