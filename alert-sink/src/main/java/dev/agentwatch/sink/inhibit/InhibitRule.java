package dev.agentwatch.sink.inhibit;

import dev.agentwatch.sink.matching.Matchers;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Alertmanager's inhibit rule: while an alert matching {@code source} fires, alerts matching {@code target} that
 * have the same values for every {@code equal} label are muted. An alert never inhibits itself.
 */
public record InhibitRule(Matchers source, Matchers target, List<String> equal) {

    public InhibitRule {
        equal = List.copyOf(equal);
    }

    boolean sameEqualLabels(Map<String, String> a, Map<String, String> b) {
        for (String name : equal) {
            if (!Objects.equals(a.getOrDefault(name, ""), b.getOrDefault(name, ""))) {
                return false;
            }
        }
        return true;
    }
}
