package dev.agentwatch.sink.matching;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** A conjunction of matchers: all must match. No matchers match everything. */
public record Matchers(List<Matcher> all) {

    public static final Matchers ANY = new Matchers(List.of());

    public Matchers {
        all = List.copyOf(all);
    }

    public boolean matches(Map<String, String> labels) {
        for (Matcher m : all) {
            if (!m.matches(labels)) {
                return false;
            }
        }
        return true;
    }

    public boolean isEmpty() {
        return all.isEmpty();
    }

    @Override
    public String toString() {
        return all.stream().map(Matcher::toString).collect(Collectors.joining(", ", "{", "}"));
    }
}
